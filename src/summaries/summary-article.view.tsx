import type { Child } from "hono/jsx";
import { formatDate, plural, signed } from "../ui/format";
import type { CommentView, SummaryView } from "./summary-view";

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

function Comment(props: { comment: CommentView }) {
  const c = props.comment;
  return (
    <li class="comment" id={`comment-${c.id}`}>
      <div class="comment-meta">
        <AuthorName author={c.author} />{" "}
        <time datetime={c.createdAt}>{formatDate(c.createdAt)}</time>
      </div>
      <div class="prose comment-body" dangerouslySetInnerHTML={{ __html: c.html }} />
    </li>
  );
}

export interface SummaryArticleProps {
  summary: SummaryView;
  /** Show the paper's title above the summary (lists that mix papers). */
  showPaper?: boolean;
  showComments?: boolean;
  headingLevel?: 2 | 3;
  /** For a logged-in reader: the form token; the comment form appears. */
  csrf?: string | null;
  /** The reader's vote controls, beside the score (the reading pages make them: votes/). */
  voteControls?: Child;
  /** The page this article is on, where the comment form comes back to (default: permalink). */
  returnPath?: string;
}

function CommentForm(props: { summaryId: number; csrf: string; back: string | undefined }) {
  const id = `comment-source-${props.summaryId}`;
  return (
    <form method="post" action={`/summary/${props.summaryId}/comments`} class="comment-form">
      <input type="hidden" name="_csrf" value={props.csrf} />
      {props.back ? <input type="hidden" name="next" value={props.back} /> : null}
      <p class="field">
        <label for={id}>Add a comment</label>
        <textarea id={id} name="source" rows={3} required />
        <a class="hint" href="/help/writing">
          Writing help
        </a>
      </p>
      <button class="button secondary" type="submit">
        Comment
      </button>
    </form>
  );
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
        <a class="permalink" href={permalink}>
          <time datetime={s.updatedAt}>{formatDate(s.updatedAt)}</time>
        </a>
        {props.voteControls ?? null}
      </div>
      <VersionNotice summary={s} />
      <div class="prose" dangerouslySetInnerHTML={{ __html: s.html }} />
      {props.showComments ? (
        <section
          id={`comments-${s.id}`}
          class="comments"
          aria-label={`Comments on the summary by ${s.author?.displayName ?? "Anonymous"}`}
        >
          <h3 class="comments-title">{plural(s.comments.length, "comment")}</h3>
          {s.comments.length > 0 ? (
            <ol class="comment-list">
              {s.comments.map((c) => (
                <Comment comment={c} />
              ))}
            </ol>
          ) : null}
          {props.csrf ? (
            <CommentForm summaryId={s.id} csrf={props.csrf} back={props.returnPath} />
          ) : null}
        </section>
      ) : (
        <p class="summary-footer">
          <a href={`${permalink}#comments-${s.id}`}>{plural(s.commentCount, "comment")}</a>
        </p>
      )}
    </article>
  );
}
