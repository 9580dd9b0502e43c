import type { CurrentUser } from "../core/current-user";

export interface OwnSummary {
  source: string;
  is_private: number;
  is_anonymous: number;
  share_token: string;
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
        </p>
        <p class="checkbox">
          <input
            id="summary-private"
            type="checkbox"
            name="private"
            value="1"
            checked={own?.is_private === 1}
          />
          <label for="summary-private">
            Private: only you, and people you give the secret link to, can read it
          </label>
        </p>
        <p class="checkbox">
          <input
            id="summary-anonymous"
            type="checkbox"
            name="anonymous"
            value="1"
            checked={own?.is_anonymous === 1}
          />
          <label for="summary-anonymous">Anonymous: publish without your name</label>
        </p>
        {own?.is_private === 1 ? (
          <p class="hint">
            Secret link: <code>/shared/{own.share_token}</code>
          </p>
        ) : null}
        <button class="button" type="submit">
          {own ? "Save changes" : "Publish"}
        </button>
      </form>
    </section>
  );
}
