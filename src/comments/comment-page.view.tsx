import type { PageCtx } from "../core/page-context";
import { FormMessage } from "../ui/forms";
import { Layout } from "../ui/layout";
import {
  CommentForm,
  CommentNotice,
  type CommentPreview,
  CommentScript,
} from "./comment-form.view";

/** What was typed, kept on every page a comment form comes back to. */
export interface CommentDraft {
  source: string;
  /** A reply: the comment it answers. */
  parentId: number | null;
  /** The page the form was on (a checked path of ours), where a posted comment goes back. */
  back: string | null;
}

export interface CommentPageProps {
  page: PageCtx;
  /** The summary commented on; null when it is gone (deleted, hidden, never there). */
  summary: { id: number; paperTitle: string } | null;
  draft: CommentDraft;
  preview?: CommentPreview | null;
  error?: string | null;
}

/**
 * For a reader who can't send the form (logged out, unconfirmed, or the summary is gone): the
 * text stays on the page, read-only, to copy.
 */
function KeptText(props: { source: string }) {
  if (props.source === "") return null;
  return (
    <p class="field">
      <label for="kept-source">Your text, kept here so you can copy it</label>
      <textarea id="kept-source" rows={6} readonly>
        {props.source}
      </textarea>
    </p>
  );
}

/**
 * /summary/ID/comment, and what a comment POST shows when it does not go through: a Preview,
 * or a refusal with the message, with the typed text back in the form.
 */
export function CommentPage(props: CommentPageProps) {
  const s = props.summary;
  const user = props.page.user;
  const what = props.draft.parentId ? "reply" : "comment";
  const title = s ? `Your ${what} on a summary of “${s.paperTitle}”` : `Your ${what}`;
  const canSend = s !== null && user?.emailVerified === true;
  return (
    <Layout page={props.page} title={title} head={<CommentScript page={props.page} />}>
      <div class="comment-page">
        {s ? (
          <p class="breadcrumb">
            On the <a href={`/summary/${s.id}`}>summary of {s.paperTitle}</a>
          </p>
        ) : null}
        <h1>{title}</h1>
        <FormMessage error={props.error} />
        {canSend && s && user ? (
          <CommentForm
            action={`/summary/${s.id}/comments`}
            csrf={user.csrfToken}
            fieldId="comment-source"
            label={props.draft.parentId ? "Your reply" : "Your comment"}
            submitLabel={props.draft.parentId ? "Reply" : "Comment"}
            source={props.draft.source}
            parentId={props.draft.parentId}
            back={props.draft.back}
            preview={props.preview}
            rows={8}
          />
        ) : (
          <>
            {s ? <CommentNotice page={props.page} /> : null}
            <KeptText source={props.draft.source} />
          </>
        )}
      </div>
    </Layout>
  );
}

export interface CommentEditPageProps {
  page: PageCtx;
  comment: { id: number; summaryId: number };
  source: string;
  preview?: CommentPreview | null;
  error?: string | null;
}

/** /comment/ID/edit: the author's own comment in the form, with Preview and Save. */
export function CommentEditPage(props: CommentEditPageProps) {
  const user = props.page.user;
  const { id, summaryId } = props.comment;
  const thread = `/summary/${summaryId}#comment-${id}`;
  return (
    <Layout page={props.page} title="Edit your comment" head={<CommentScript page={props.page} />}>
      <div class="comment-page">
        <p class="breadcrumb">
          <a href={thread}>Back to the comment</a>
        </p>
        <h1>Edit your comment</h1>
        <FormMessage error={props.error} />
        {user?.emailVerified ? (
          <CommentForm
            action={`/comment/${id}/edit`}
            csrf={user.csrfToken}
            fieldId="comment-source"
            label="Your comment"
            submitLabel="Save"
            source={props.source}
            preview={props.preview}
            rows={8}
          />
        ) : (
          <>
            <CommentNotice page={props.page} />
            <KeptText source={props.source} />
          </>
        )}
      </div>
    </Layout>
  );
}
