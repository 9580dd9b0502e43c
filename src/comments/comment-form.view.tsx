import type { PageCtx } from "../core/page-context";
import { withNext } from "../ui/next-link";

/** The server's rendering of the text, shown under the form (Preview without JavaScript). */
export interface CommentPreview {
  html: string;
  mathErrors: readonly unknown[];
}

export interface CommentFormProps {
  action: string;
  csrf: string;
  /** Unique on the page: the textarea's id, and the prefix of the preview's. */
  fieldId: string;
  label: string;
  submitLabel: string;
  source?: string;
  /** A reply: the comment it answers. */
  parentId?: number | null;
  /** The page the form is on, where a posted comment comes back to. */
  back?: string | null;
  preview?: CommentPreview | null;
  rows?: number;
}

/**
 * A comment's text with Preview: without JavaScript the server renders the preview and shows
 * the form again; with it, public/comments.js fills the same box as you type, with the same
 * renderer (the browser bundle of src/render).
 */
export function CommentForm(props: CommentFormProps) {
  const p = props.preview;
  const errors = p?.mathErrors.length ?? 0;
  return (
    <form method="post" action={props.action} class="comment-form" data-comment-form="">
      <input type="hidden" name="_csrf" value={props.csrf} />
      {props.back ? <input type="hidden" name="next" value={props.back} /> : null}
      {props.parentId ? <input type="hidden" name="parent" value={String(props.parentId)} /> : null}
      <p class="field">
        <label for={props.fieldId}>{props.label}</label>
        <textarea id={props.fieldId} name="source" rows={props.rows ?? 3} required>
          {props.source ?? ""}
        </textarea>
        <a class="hint" href="/help/writing">
          Writing help: Markdown and math between $…$
        </a>
      </p>
      <div
        class="comment-preview"
        id={`${props.fieldId}-preview`}
        data-comment-preview=""
        aria-live="polite"
        hidden={p ? undefined : true}
      >
        <p class="comment-preview-label">
          Preview
          {errors > 0
            ? errors === 1
              ? " (1 formula with an error)"
              : ` (${errors} formulas with errors)`
            : ""}
        </p>
        {/* Renderer output: sanitized by render/ (sanitize.ts) before it reaches any page. */}
        <div
          class="prose comment-body"
          data-comment-preview-body=""
          dangerouslySetInnerHTML={{ __html: p?.html ?? "" }}
        />
      </div>
      <p class="comment-actions">
        <button class="button secondary" type="submit" name="intent" value="post">
          {props.submitLabel}
        </button>{" "}
        <button class="button secondary" type="submit" name="intent" value="preview">
          Preview
        </button>
      </p>
    </form>
  );
}

/**
 * What a reader who may not comment sees instead of the form: a login link that comes back to
 * this page (the same for every anonymous reader, so the page stays cacheable), or the way to
 * confirm the address. Null for a reader who may comment.
 */
export function CommentNotice(props: { page: PageCtx }) {
  const user = props.page.user;
  if (!user) {
    return (
      <p class="comment-login">
        <a href={withNext("/login", props.page.returnTo)}>Log in to comment</a>
      </p>
    );
  }
  if (user.emailVerified) return null;
  return (
    <form method="post" action="/settings/resend-verification" class="comment-unconfirmed">
      <input type="hidden" name="_csrf" value={user.csrfToken} />
      Confirm your e-mail to comment.{" "}
      <button type="submit" class="link-button">
        Send the confirmation link again
      </button>
    </form>
  );
}

/**
 * The live preview's scripts, once per page with a comment form (confirmed readers only):
 * `defer`, from our origin (the CSP allows no inline script).
 */
export function CommentScript(props: { page: PageCtx }) {
  if (!props.page.user?.emailVerified) return null;
  return (
    <>
      {props.page.assets.commentScripts.map((src) => (
        <script src={src} defer />
      ))}
    </>
  );
}
