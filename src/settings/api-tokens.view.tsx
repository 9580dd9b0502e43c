import type { ApiTokenRow } from "../auth/api-tokens.service";
import { API_TOKEN_NAME_MAX_CHARS } from "../core/limits";
import { CsrfField, Field } from "../ui/forms";

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : "never");

/** Settings → API tokens: the person's tokens (never the secrets), a form for a new one. */
export function ApiTokensSection(props: {
  tokens: ApiTokenRow[];
  csrf: string;
  typedName?: string;
}) {
  const live = props.tokens.filter((t) => t.revokedAt === null);
  return (
    <>
      <h2 class="settings-section" id="api-tokens">
        API tokens
      </h2>
      <p>
        Personal tokens for the <a href="/api">ShortScience API</a>. A read token reads your private
        summaries too; a write token also writes, votes and comments as you.
      </p>
      {live.length === 0 ? (
        <p>You have no API tokens.</p>
      ) : (
        <table class="api-tokens">
          <caption class="visually-hidden">Your API tokens</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Scope</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span class="visually-hidden">Revoke</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {live.map((t) => (
              <tr>
                <td>{t.name}</td>
                <td>{t.scope}</td>
                <td>{day(t.createdAt)}</td>
                <td>{day(t.lastUsedAt)}</td>
                <td>
                  <form method="post" action={`/settings/api-tokens/${t.id}/revoke`}>
                    <CsrfField token={props.csrf} />
                    <button class="button secondary" type="submit" aria-label={`Revoke ${t.name}`}>
                      Revoke
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form method="post" action="/settings/api-tokens">
        <CsrfField token={props.csrf} />
        <Field
          label="Token name"
          name="name"
          value={props.typedName}
          maxlength={API_TOKEN_NAME_MAX_CHARS}
          hint="What will use it, like “my browser extension”."
        />
        <fieldset class="scope-choice">
          <legend>Scope</legend>
          <p class="checkbox">
            <input id="token-scope-read" type="radio" name="scope" value="read" checked />
            <label for="token-scope-read">Read</label>
          </p>
          <p class="checkbox">
            <input id="token-scope-write" type="radio" name="scope" value="write" />
            <label for="token-scope-write">Read and write</label>
          </p>
        </fieldset>
        <button class="button" type="submit">
          Create token
        </button>
      </form>
    </>
  );
}

/** The one time a token is shown: it is stored only as its hash. */
export function ApiTokenCreated(props: { token: string; scope: string; copyLinkJs: string }) {
  return (
    <section class="form-card">
      <h1>Your new API token</h1>
      <p>
        Copy it now: this is the only time it is shown. ShortScience keeps only a hash of it, so if
        you lose it, revoke it and make another.
      </p>
      <p class="field">
        <label for="api-token">Token ({props.scope})</label>
        <input
          id="api-token"
          type="text"
          readonly
          value={props.token}
          data-copy-link=""
          autocomplete="off"
          spellcheck={false}
        />
      </p>
      <p>
        Send it as <code>Authorization: Bearer …</code>; see <a href="/api">the API's page</a>.
      </p>
      <p>
        <a href="/settings#api-tokens">Back to Settings</a>
      </p>
      <script src={props.copyLinkJs} defer />
    </section>
  );
}
