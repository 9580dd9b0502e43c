import { AuthorName } from "../summaries/summary-article.view";
import type { CommentView, SummaryView } from "../summaries/summary-view";
import { formatDate, plural } from "../ui/format";

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

export interface CommentThreadProps {
  summary: SummaryView;
  /** For a logged-in reader: the form token; the comment form appears. */
  csrf: string | null;
  /** The page this thread is on, where the comment form comes back to (default: permalink). */
  back?: string;
}

/** A summary's comments and the form to add one: the section under a summary. */
export function CommentThread(props: CommentThreadProps) {
  const s = props.summary;
  return (
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
      {props.csrf ? <CommentForm summaryId={s.id} csrf={props.csrf} back={props.back} /> : null}
    </section>
  );
}
