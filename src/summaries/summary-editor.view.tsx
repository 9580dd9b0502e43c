import { SUMMARY_MIN_CHARS } from "../core/limits";
import type { PageCtx } from "../core/page-context";
import type { MathIssue } from "../core/render-contract";
import { FormMessage } from "../ui/forms";
import { Layout } from "../ui/layout";
import { withNext } from "../ui/next-link";
import { EditorHelp } from "./summary-editor-help.view";
import { summaryLength } from "./summary-length";
import { DeletedNotice } from "./summary-manage.view";
import type { DeletedSummary, OwnSummary } from "./summary-view";

/** What the form holds: the stored summary, or what was just sent. */
export interface EditorForm {
  source: string;
  isPrivate: boolean;
  isAnonymous: boolean;
}

export interface EditorPageProps {
  page: PageCtx;
  paper: { id: number; title: string; path: string };
  /** The author's stored summary (an edit; its secret link), or null for a new one. */
  own: OwnSummary | null;
  /** The author's summary of this paper they deleted, still restorable (or null). */
  deleted?: DeletedSummary | null;
  form: EditorForm;
  /** The form holds text just sent (Preview, a refused save), not the stored summary. */
  unsaved?: boolean;
  /** Address of the site, for the absolute secret link. */
  baseUrl: string;
  /** The server's preview (Preview without JavaScript, or a refused save). */
  preview?: { html: string; mathErrors: readonly MathIssue[] } | null;
  error?: string | null;
  /** Math errors the author must confirm to publish (the second, explicit click). */
  confirm?: { issues: readonly MathIssue[]; token: string } | null;
}

function Checkbox(props: { id: string; name: string; checked: boolean; label: string }) {
  return (
    <p class="checkbox">
      <input id={props.id} type="checkbox" name={props.name} value="1" checked={props.checked} />
      <label for={props.id}>{props.label}</label>
    </p>
  );
}

/** Each formula that failed, with KaTeX's message (the preview shows its source in place). */
function MathIssues(props: { issues: readonly MathIssue[] }) {
  return (
    <ul class="math-issues">
      {props.issues.map((i) => (
        <li>
          <code>{i.display ? `$$${i.source}$$` : `$${i.source}$`}</code> — {i.message}
        </li>
      ))}
    </ul>
  );
}

const countText = (n: number) =>
  n < SUMMARY_MIN_CHARS
    ? `${n} characters: a summary needs at least ${SUMMARY_MIN_CHARS}.`
    : `${n} characters.`;

function Preview(props: { preview: EditorPageProps["preview"] }) {
  const p = props.preview;
  const issues = p?.mathErrors ?? [];
  return (
    <section
      id="editor-preview"
      class="editor-pane preview-pane"
      role="tabpanel"
      aria-labelledby="preview-title"
    >
      <h2 id="preview-title">Preview</h2>
      <div id="preview-issues" class="preview-issues" aria-live="polite">
        {issues.length > 0 ? (
          <>
            <p class="form-error">
              {issues.length === 1
                ? "1 formula has an error:"
                : `${issues.length} formulas have errors:`}
            </p>
            <MathIssues issues={issues} />
          </>
        ) : null}
      </div>
      {/* Renderer output: sanitized by render/ (sanitize.ts) before it reaches any page. */}
      <div
        id="preview-body"
        class="prose preview-body"
        dangerouslySetInnerHTML={{ __html: p?.html ?? "" }}
      />
      {p ? null : (
        <p id="preview-empty" class="hint">
          Press Preview to see your summary typeset (with JavaScript it updates as you type).
        </p>
      )}
    </section>
  );
}

function Editor(props: EditorPageProps & { csrf: string; userId: number }) {
  const { own, form, paper } = props;
  return (
    <form
      method="post"
      action="/summaries"
      class="editor-form"
      data-editor=""
      data-min-chars={String(SUMMARY_MIN_CHARS)}
      data-unsaved={props.unsaved ? "" : undefined}
      data-draft-key={`shortscience:draft:paper:${paper.id}:user:${props.userId}`}
    >
      <input type="hidden" name="_csrf" value={props.csrf} />
      <input type="hidden" name="paperId" value={String(paper.id)} />
      <div class="editor-tabs" role="tablist" aria-label="Editor" hidden>
        <button
          type="button"
          role="tab"
          id="tab-write"
          aria-controls="editor-write"
          aria-selected="true"
        >
          Write
        </button>
        <button
          type="button"
          role="tab"
          id="tab-preview"
          aria-controls="editor-preview"
          aria-selected="false"
        >
          Preview
        </button>
      </div>
      <div class="editor-layout" data-view="write">
        <div
          id="editor-write"
          class="editor-pane write-pane"
          role="tabpanel"
          aria-labelledby="write-title"
        >
          <h2 id="write-title">Your text</h2>
          <p class="field">
            <label for="summary-source">Markdown, with math between $…$ or $$…$$</label>
            <textarea
              id="summary-source"
              class="editor"
              aria-describedby="summary-count"
              name="source"
              required
            >
              {form.source}
            </textarea>
            <span id="summary-count" class="hint" aria-live="polite">
              {countText(summaryLength(form.source))}
            </span>
            <span class="hint">
              <a href="/help/writing">Help: Markdown, math, citations and the HTML you can use</a>
            </span>
          </p>
          <p id="draft-status" class="form-notice" role="status" hidden>
            <span id="draft-text" />{" "}
            <button type="button" id="draft-discard" class="link-button">
              Discard the draft
            </button>
          </p>
        </div>
        <Preview preview={props.preview} />
      </div>
      <Checkbox
        id="summary-private"
        name="private"
        checked={form.isPrivate}
        label="Private: only you, and people you give the secret link to, can read it"
      />
      <Checkbox
        id="summary-anonymous"
        name="anonymous"
        checked={form.isAnonymous}
        label="Anonymous: publish without your name"
      />
      {own?.isPrivate && own.shareToken ? (
        <p class="hint">
          Secret link:{" "}
          <a href={`/shared/${own.shareToken}`}>{`${props.baseUrl}/shared/${own.shareToken}`}</a>
        </p>
      ) : null}
      {props.confirm ? (
        <div class="math-confirm">
          <p class="form-error" role="alert">
            {props.confirm.issues.length === 1
              ? "1 formula has an error:"
              : `${props.confirm.issues.length} formulas have errors:`}
          </p>
          <MathIssues issues={props.confirm.issues} />
          <p class="checkbox">
            <input
              id="publish-anyway"
              type="checkbox"
              name="publishWithErrors"
              value={props.confirm.token}
            />
            <label for="publish-anyway">
              Publish anyway: readers see these formulas as their source with the error
            </label>
          </p>
        </div>
      ) : null}
      <p class="editor-actions">
        <button class="button" type="submit" name="intent" value="publish">
          {own ? "Save changes" : "Publish"}
        </button>{" "}
        <button
          class="button secondary"
          type="submit"
          name="intent"
          value="preview"
          id="preview-button"
        >
          Preview
        </button>
      </p>
    </form>
  );
}

/** Why this reader gets no form: logged out, or the address is not confirmed yet. */
function NoEditor(props: { page: PageCtx; writePath: string }) {
  if (!props.page.user) {
    return (
      <p class="form-notice">
        <a href={withNext("/login", props.writePath)}>Log in</a> or{" "}
        <a href={withNext("/signup", props.writePath)}>sign up</a> to write a summary of this paper.
      </p>
    );
  }
  return (
    <p class="form-notice">
      Confirm your e-mail address to publish: open the link we sent you, or have it sent again from{" "}
      <a href="/settings">Settings</a>.
    </p>
  );
}

/** The editor page, /paper/…/write: text and live preview side by side (tabs on phones). */
export function EditorPage(props: EditorPageProps) {
  const user = props.page.user;
  const writePath = `${props.paper.path}/write`;
  const title = props.own ? "Edit your summary" : "Write a summary";
  const scripts = props.page.assets.editorScripts ?? [];
  return (
    <Layout
      page={{ ...props.page, returnTo: writePath }}
      title={`${title}: ${props.paper.title}`}
      head={user?.emailVerified ? scripts.map((src) => <script src={src} defer />) : undefined}
    >
      <div class="editor-page">
        <p class="breadcrumb">
          <a href={props.paper.path}>{props.paper.title}</a>
        </p>
        <h1>{title}</h1>
        <FormMessage error={props.error} />
        {user && props.deleted ? (
          <>
            <DeletedNotice deleted={props.deleted} csrf={user.csrfToken} />
            <p class="hint">
              Or write a new summary below: publishing it deletes the old one for good, with its
              history, votes and comments.
            </p>
          </>
        ) : null}
        {user?.emailVerified ? (
          <Editor {...props} csrf={user.csrfToken} userId={user.id} />
        ) : (
          <NoEditor page={props.page} writePath={writePath} />
        )}
        <EditorHelp />
      </div>
    </Layout>
  );
}
