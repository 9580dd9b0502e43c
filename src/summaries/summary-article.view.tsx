import type { Child } from "hono/jsx";
import { formatDate, plural, signed } from "../ui/format";
import type { SummaryView } from "./summary-view";

export function AuthorName(props: { author: SummaryView["author"] }) {
  if (!props.author) return <span class="author anonymous">Anonymous</span>;
  return (
    <a class="author" href={`/user/${encodeURIComponent(props.author.username)}`}>
      {props.author.displayName}
    </a>
  );
}

function VersionNotice(props: { summary: SummaryView }) {
  const { paperVersion, paperLatestVersion } = props.summary;
  if (paperVersion === null || paperLatestVersion === null || paperLatestVersion <= paperVersion) {
    return null;
  }
  return (
    <p class="version-notice">
      Written for version {paperVersion} of the paper; version {paperLatestVersion} is out since.
    </p>
  );
}

export interface SummaryArticleProps {
  summary: SummaryView;
  /** Show the paper's title above the summary (lists that mix papers). */
  showPaper?: boolean;
  /**
   * The comment section under the summary (reading/ composes it from comments/); without it,
   * a link to the comments on the permalink.
   */
  comments?: Child;
  headingLevel?: 2 | 3;
  /** The reader's vote controls, beside the score (the reading pages make them: votes/). */
  voteControls?: Child;
  /** Edit, History, Delete, Report: what this reader may do (summary-manage.view.tsx). */
  actions?: Child;
  /**
   * Read through its secret link: a private summary has no permalink and no comments, so
   * neither is linked (they would 404 for the link's readers).
   */
  shared?: boolean;
}

export function SummaryArticle(props: SummaryArticleProps) {
  const s = props.summary;
  const permalink = `/summary/${s.id}`;
  const Heading = props.headingLevel === 3 ? "h3" : "h2";
  return (
    <article class="summary" id={`summary-${s.id}`}>
      {props.showPaper ? (
        <Heading class="summary-paper">
          <a href={s.paperPath}>{s.paperTitle}</a>
        </Heading>
      ) : null}
      <div class="summary-meta">
        {/* public/votes.js rewrites the last text of [data-score-for] after a vote. */}
        <span class="score" data-score-for={String(s.id)} title="Score: up-votes minus down-votes">
          <span class="visually-hidden">Score </span>
          {signed(s.score)}
        </span>
        <span>
          Summary by <AuthorName author={s.author} />
        </span>
        {props.shared ? (
          <time datetime={s.createdAt}>{formatDate(s.createdAt)}</time>
        ) : (
          <a class="permalink" href={permalink}>
            <time datetime={s.createdAt}>{formatDate(s.createdAt)}</time>
          </a>
        )}
        {s.editedAt ? (
          <span class="edited">
            edited <time datetime={s.editedAt}>{formatDate(s.editedAt)}</time>
          </span>
        ) : null}
        {props.voteControls ?? null}
      </div>
      <VersionNotice summary={s} />
      <div class="prose" dangerouslySetInnerHTML={{ __html: s.html }} />
      {props.actions ?? null}
      {props.shared ? null : props.comments ? (
        props.comments
      ) : (
        <p class="summary-footer">
          <a href={`${permalink}#comments-${s.id}`}>{plural(s.commentCount, "comment")}</a>
        </p>
      )}
    </article>
  );
}
