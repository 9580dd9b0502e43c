import type { PageCtx } from "../core/page-context";
import { personal } from "../core/viewer-parts";
import { AuthorName } from "../summaries/summary-article.view";
import type { CommentView, SummaryView } from "../summaries/summary-view";
import { formatDate, plural } from "../ui/format";
import { CommentForm, CommentNotice } from "./comment-form.view";

interface ItemProps {
  comment: CommentView;
  page: PageCtx;
  summaryId: number;
  back: string;
  /** Replies get no Reply of their own: a thread nests one level. */
  isReply: boolean;
}

/** Edit and Delete for the author, Report for other logged-in readers (moderators hide). */
function CommentActions(props: {
  comment: Pick<CommentView, "id" | "author">;
  page: PageCtx;
  back: string;
}) {
  const user = props.page.user;
  const c = props.comment;
  if (!user || !c.author) return null;
  const own = c.author.username === user.username;
  return (
    <div class="comment-tools">
      {own ? <a href={`/comment/${c.id}/edit`}>Edit</a> : null}{" "}
      {own ? (
        <form method="post" action={`/comment/${c.id}/delete`} class="inline-form">
          <input type="hidden" name="_csrf" value={user.csrfToken} />
          <input type="hidden" name="next" value={props.back} />
          <button type="submit" class="link-button">
            Delete
          </button>
        </form>
      ) : null}{" "}
      {own ? null : <a href={`/report/comment/${c.id}`}>Report</a>}
    </div>
  );
}

function CommentItem(props: ItemProps) {
  const c = props.comment;
  const user = props.page.user;
  const replies =
    c.replies.length > 0 ? (
      <ol class="comment-list comment-replies">
        {c.replies.map((r) => (
          <CommentItem {...props} comment={r} isReply={true} />
        ))}
      </ol>
    ) : null;
  const who = { id: c.id, author: c.author };
  const back = props.back;
  if (c.removed) {
    // A placeholder that keeps its replies in place: no author, no text.
    return (
      <li class="comment comment-removed" id={`comment-${c.id}`}>
        <p class="comment-meta">
          <em>{c.removed === "deleted" ? "comment deleted" : "comment hidden"}</em>
        </p>
        {replies}
      </li>
    );
  }
  return (
    <li class="comment" id={`comment-${c.id}`}>
      <div class="comment-meta">
        <AuthorName author={c.author} />{" "}
        <time datetime={c.createdAt}>{formatDate(c.createdAt)}</time>
        {c.editedAt ? (
          <span class="comment-edited">
            {" "}
            · edited <time datetime={c.editedAt}>{formatDate(c.editedAt)}</time>
          </span>
        ) : null}
      </div>
      <div class="prose comment-body" dangerouslySetInnerHTML={{ __html: c.html }} />
      {/* The viewer's own comment or someone else's: a part of its own (only id and author kept). */}
      {personal(props.page.parts, { page: props.page }, (v) => (
        <CommentActions comment={who} page={v.page} back={back} />
      ))}
      {replies}
      {!props.isReply && user?.emailVerified ? (
        <details class="comment-reply">
          <summary>Reply</summary>
          <CommentForm
            action={`/summary/${props.summaryId}/comments`}
            csrf={user.csrfToken}
            fieldId={`reply-source-${c.id}`}
            label={`Your reply to ${c.author?.displayName ?? "this comment"}`}
            submitLabel="Reply"
            parentId={c.id}
            back={props.back}
          />
        </details>
      ) : null}
    </li>
  );
}

export interface CommentThreadProps {
  summary: SummaryView;
  /** The reader: a confirmed one gets the forms, the others a login or confirm notice. */
  page: PageCtx;
  /** The page this thread is on, where the comment forms come back to (default: permalink). */
  back?: string;
  /** The title's level: 3 under a summary in a list, 2 on the permalink (whose h1 is the summary's). */
  headingLevel?: 2 | 3;
}

/** A summary's comments, replies nested one level, and the form to add one. */
export function CommentThread(props: CommentThreadProps) {
  const s = props.summary;
  const user = props.page.user;
  const back = props.back ?? `/summary/${s.id}`;
  const Title = props.headingLevel === 2 ? "h2" : "h3";
  return (
    <section
      id={`comments-${s.id}`}
      class="comments"
      aria-label={`Comments on the summary by ${s.author?.displayName ?? "Anonymous"}`}
    >
      <Title class="comments-title">{plural(s.commentCount, "comment")}</Title>
      {s.comments.length > 0 ? (
        <ol class="comment-list">
          {s.comments.map((c) => (
            <CommentItem
              comment={c}
              page={props.page}
              summaryId={s.id}
              back={back}
              isReply={false}
            />
          ))}
        </ol>
      ) : null}
      {user?.emailVerified ? (
        <CommentForm
          action={`/summary/${s.id}/comments`}
          csrf={user.csrfToken}
          fieldId={`comment-source-${s.id}`}
          label="Add a comment"
          submitLabel="Comment"
          back={back}
        />
      ) : (
        <CommentNotice page={props.page} />
      )}
    </section>
  );
}
