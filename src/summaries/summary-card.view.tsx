import { formatDate, plural, signed } from "../ui/format";
import { AuthorName } from "./summary-article.view";
import type { SummaryCard } from "./summary-card.mapper";

/** Authors a card names before "et al.". */
const CARD_AUTHORS = 3;

function cardAuthors(authors: readonly string[]): string {
  if (authors.length <= CARD_AUTHORS) return authors.join(", ");
  return `${authors.slice(0, CARD_AUTHORS).join(", ")} et al.`;
}

function PaperLine(props: { card: SummaryCard }) {
  const { paperAuthors, venue, paperYear } = props.card;
  if (paperAuthors.length === 0 && !venue && paperYear === null) return null;
  return (
    <p class="card-paper">
      {paperAuthors.length > 0 ? (
        <span class="card-authors">{cardAuthors(paperAuthors)}</span>
      ) : null}
      {venue || paperYear !== null ? (
        <span class="card-venue">
          {venue ? <a href={`/venue/${encodeURIComponent(venue.key)}`}>{venue.name}</a> : null}
          {venue && paperYear !== null ? " " : null}
          {paperYear !== null ? String(paperYear) : null}
        </span>
      ) : null}
    </p>
  );
}

/**
 * A summary in a list of many (the home page): the paper, who wrote the summary and its score,
 * and an excerpt with "Read more". The paper page and the permalink show the whole text
 * (summary-article.view.tsx). Lists put cards in a `.cards` container (site.css).
 */
export function SummaryCardView(props: { card: SummaryCard; headingLevel?: 2 | 3 }) {
  const s = props.card;
  const Heading = props.headingLevel === 3 ? "h3" : "h2";
  const permalink = `/summary/${s.id}`;
  const about = ` of the summary of ${s.paperTitle}`;
  return (
    <article class="summary" id={`summary-${s.id}`}>
      <Heading class="summary-paper">
        <a href={s.paperPath}>{s.paperTitle}</a>
      </Heading>
      <PaperLine card={s} />
      <div class="summary-meta">
        <span class="score" title="Score: up-votes minus down-votes">
          <span class="visually-hidden">Score </span>
          {signed(s.score)}
        </span>
        <span>
          Summary by <AuthorName author={s.author} />
        </span>
        <a class="permalink" href={permalink}>
          <time datetime={s.createdAt}>{formatDate(s.createdAt)}</time>
        </a>
      </div>
      <div class="prose excerpt" dangerouslySetInnerHTML={{ __html: s.excerptHtml }} />
      <p class="summary-footer">
        {s.excerptCut ? (
          <a class="read-more" href={permalink}>
            Read more<span class="visually-hidden">{about}</span>
          </a>
        ) : null}
        <a href={`${permalink}#comments-${s.id}`}>
          {plural(s.commentCount, "comment")}
          <span class="visually-hidden"> on the summary of {s.paperTitle}</span>
        </a>
      </p>
    </article>
  );
}
