import type { CurrentUser } from "../core/current-user";
import type { OwnSummary } from "./summary-view";

function Checkbox(props: { id: string; name: string; checked: boolean; label: string }) {
  return (
    <p class="checkbox">
      <input id={props.id} type="checkbox" name={props.name} value="1" checked={props.checked} />
      <label for={props.id}>{props.label}</label>
    </p>
  );
}

/** The write/edit box of a paper page; only a confirmed user gets the form. */
export function SummaryEditor(props: {
  paperId: number;
  user: CurrentUser;
  own: OwnSummary | null;
}) {
  const { user, own } = props;
  if (!user.emailVerified) {
    return (
      <section class="editor-box" aria-labelledby="editor-title">
        <h2 id="editor-title">Write a summary</h2>
        <p class="form-notice">
          Confirm your e-mail address to publish: open the link we sent you, or have it sent again
          from <a href="/settings">Settings</a>.
        </p>
      </section>
    );
  }
  return (
    <section class="editor-box" aria-labelledby="editor-title">
      <h2 id="editor-title">{own ? "Edit your summary" : "Write a summary"}</h2>
      <form method="post" action="/summaries">
        <input type="hidden" name="_csrf" value={user.csrfToken} />
        <input type="hidden" name="paperId" value={String(props.paperId)} />
        <p class="field">
          <label for="summary-source">Markdown, with math between $…$ or $$…$$</label>
          <textarea id="summary-source" class="editor" name="source" required>
            {own?.source ?? ""}
          </textarea>
          <span class="hint">
            <a href="/help/writing">Help: Markdown, math, citations and the HTML you can use</a>
          </span>
        </p>
        <Checkbox
          id="summary-private"
          name="private"
          checked={own?.isPrivate === true}
          label="Private: only you, and people you give the secret link to, can read it"
        />
        <Checkbox
          id="summary-anonymous"
          name="anonymous"
          checked={own?.isAnonymous === true}
          label="Anonymous: publish without your name"
        />
        {own?.isPrivate ? (
          <p class="hint">
            Secret link: <code>/shared/{own.shareToken}</code>
          </p>
        ) : null}
        <button class="button" type="submit">
          {own ? "Save changes" : "Publish"}
        </button>
      </form>
    </section>
  );
}
