import { Hono } from "hono";
import { accountDeps } from "../auth/account-deps";
import { changePassword, resendVerification } from "../auth/accounts.service";
import {
  createApiToken,
  listApiTokens,
  parseApiScope,
  revokeApiToken,
} from "../auth/api-tokens.service";
import { NewPasswordField } from "../auth/auth-forms.view";
import { changeEmail } from "../auth/email-change.service";
import { OidcLinkSection } from "../auth/oidc.pages";
import { hasLinkedOidc, oidcSettings } from "../auth/oidc.service";
import { endAllSessions } from "../auth/sessions.service";
import type { AppEnv } from "../http/app-env";
import { clearSessionCookie, setSessionCookie } from "../http/cookies";
import { formFields, withFormErrors } from "../http/forms";
import { idParam } from "../http/params";
import { type C, formPage, ipOf, isHttps, requireUser } from "../http/route-helpers";
import { CsrfField, Field, FormMessage } from "../ui/forms";
import { ApiTokenCreated, ApiTokensSection } from "./api-tokens.view";
import { deleteAccount, getSettings, type SettingsView, updateProfile } from "./settings.service";

const NOTICES: Record<string, string> = {
  profile: "Your profile was saved.",
  email: "We sent a link to your new address. It takes effect once you open it.",
  password: "Your password was changed. Every other session was logged out.",
  verify: "We sent you a new confirmation link.",
  "token-revoked": "The API token was revoked; requests with it are refused from now on.",
};

/**
 * What a refused form had typed, shown again in place of the stored values (never a
 * password): the profile's fields, the new address, the deletion choice.
 */
interface Typed {
  displayName?: string;
  bio?: string;
  orcid?: string;
  notifyComments?: boolean;
  newEmail?: string;
  deleteMode?: "keep" | "remove";
  tokenName?: string;
}

interface OidcState {
  providerName: string;
  linked: boolean;
}

/** Changes that need the current password ask for it, unless the account has none (ORCID only). */
function CurrentPasswordField(props: { s: SettingsView; label: string; name: string }) {
  if (!props.s.hasPassword) return null;
  return (
    <Field label={props.label} name={props.name} type="password" autocomplete="current-password" />
  );
}

function SettingsForms(props: {
  s: SettingsView;
  csrf: string;
  error?: string | null;
  notice?: string | null;
  oidc: OidcState | null;
  typed: Typed;
  tokens: Awaited<ReturnType<typeof listApiTokens>>;
}) {
  const { s, csrf, typed } = props;
  const removing = typed.deleteMode === "remove";
  return (
    <section class="form-card">
      <h1>Settings</h1>
      <FormMessage error={props.error} notice={props.notice} />
      {!s.emailVerified && (s.pendingEmail ?? s.email) ? (
        <form method="post" action="/settings/resend-verification" class="form-notice">
          <CsrfField token={csrf} />
          Your address {s.pendingEmail ?? s.email} is not confirmed yet, so you cannot write, vote
          or comment.{" "}
          <button class="link-button" type="submit">
            Send the link again
          </button>
        </form>
      ) : null}
      <h2>Profile</h2>
      <form method="post" action="/settings/profile">
        <CsrfField token={csrf} />
        <Field
          label="Display name"
          name="displayName"
          value={typed.displayName ?? s.displayName}
          maxlength={80}
        />
        <p class="field">
          <label for="field-bio">About you (Markdown and math)</label>
          <textarea id="field-bio" name="bio" rows={5}>
            {typed.bio ?? s.bio}
          </textarea>
        </p>
        <Field
          label="ORCID iD"
          name="orcid"
          value={typed.orcid ?? s.orcid ?? ""}
          required={false}
          hint="Like 0000-0002-1825-0097."
        />
        <p class="checkbox">
          <input
            id="field-notify"
            type="checkbox"
            name="notifyComments"
            value="1"
            checked={typed.notifyComments ?? s.notifyComments}
          />
          <label for="field-notify">E-mail me when someone comments on my summaries</label>
        </p>
        <button class="button" type="submit">
          Save profile
        </button>
      </form>
      <h2 class="settings-section">E-mail</h2>
      <p>
        Current address: {s.email ?? "none"}
        {s.pendingEmail ? ` (waiting for confirmation: ${s.pendingEmail})` : ""}
      </p>
      <form method="post" action="/settings/email">
        <CsrfField token={csrf} />
        <Field
          label="New e-mail address"
          name="email"
          type="email"
          value={typed.newEmail}
          autocomplete="email"
        />
        <CurrentPasswordField s={s} label="Current password" name="password" />
        <button class="button" type="submit">
          Change e-mail
        </button>
      </form>
      <h2 class="settings-section">Password</h2>
      <form method="post" action="/settings/password">
        <CsrfField token={csrf} />
        <CurrentPasswordField s={s} label="Current password" name="current" />
        <NewPasswordField label="New password" name="next" />
        <button class="button" type="submit">
          Change password
        </button>
      </form>
      {props.oidc ? (
        <OidcLinkSection providerName={props.oidc.providerName} linked={props.oidc.linked} />
      ) : null}
      <ApiTokensSection tokens={props.tokens} csrf={csrf} typedName={typed.tokenName} />
      <h2 class="settings-section">Sessions</h2>
      <form method="post" action="/settings/logout-everywhere">
        <CsrfField token={csrf} />
        <button class="button secondary" type="submit">
          Log out everywhere
        </button>
      </form>
      <h2 class="settings-section">Delete your account</h2>
      <form method="post" action="/settings/delete">
        <CsrfField token={csrf} />
        <p class="checkbox">
          <input id="delete-keep" type="radio" name="mode" value="keep" checked={!removing} />
          <label for="delete-keep">
            Keep my summaries and comments, shown as by “Deleted user”
          </label>
        </p>
        <p class="checkbox">
          <input id="delete-remove" type="radio" name="mode" value="remove" checked={removing} />
          <label for="delete-remove">Remove my summaries, comments and votes too</label>
        </p>
        <CurrentPasswordField s={s} label="Your password" name="password" />
        <button class="button secondary" type="submit">
          Delete my account
        </button>
      </form>
    </section>
  );
}

async function show(
  c: C,
  error: string | null = null,
  status: 200 | 400 | 403 | 409 | 413 | 422 | 429 = 200,
  typed: Typed = {},
) {
  const user = requireUser(c);
  const s = await getSettings(c.get("deps").db, user.id);
  const notice = NOTICES[c.req.query("saved") ?? ""] ?? null;
  const oidc = oidcSettings(c.get("deps").config);
  const oidcState = oidc
    ? { providerName: oidc.name, linked: await hasLinkedOidc(c.get("deps").db, oidc, user.id) }
    : null;
  return formPage(
    c,
    "Settings",
    <SettingsForms
      s={s}
      csrf={user.csrfToken}
      error={error}
      notice={notice}
      oidc={oidcState}
      typed={typed}
      tokens={await listApiTokens(c.get("deps").db, user.id)}
    />,
    status,
  );
}

export function settingsPages() {
  const app = new Hono<AppEnv>();
  type Field = (n: string) => string;
  const act = (
    path: string,
    action: (c: C, field: Field) => Promise<Response>,
    keep: (field: Field) => Typed = () => ({}),
  ) =>
    app.post(path, async (c) => {
      requireUser(c);
      const field = await formFields(c);
      return withFormErrors(
        () => action(c, field),
        (error, status) => show(c, error, status as 400, keep(field)),
      );
    });

  app.get("/settings", (c) => show(c));
  const profileOf = (f: Field) => ({
    displayName: f("displayName"),
    bio: f("bio"),
    orcid: f("orcid"),
    notifyComments: f("notifyComments") === "1",
  });
  act(
    "/settings/profile",
    async (c, f) => {
      const user = requireUser(c);
      await updateProfile(c.get("deps").db, c.get("deps").render, user.id, profileOf(f));
      return c.redirect("/settings?saved=profile", 303);
    },
    profileOf,
  );
  act(
    "/settings/email",
    async (c, f) => {
      await changeEmail(accountDeps(c), {
        userId: requireUser(c).id,
        email: f("email"),
        password: f("password"),
        ip: ipOf(c),
      });
      return c.redirect("/settings?saved=email", 303);
    },
    (f) => ({ newEmail: f("email") }),
  );
  act("/settings/password", async (c, f) => {
    const token = await changePassword(accountDeps(c), {
      userId: requireUser(c).id,
      current: f("current"),
      next: f("next"),
      userAgent: c.req.header("User-Agent") ?? "",
      ip: ipOf(c),
    });
    setSessionCookie(c, isHttps(c), token);
    return c.redirect("/settings?saved=password", 303);
  });
  act("/settings/resend-verification", async (c) => {
    await resendVerification(accountDeps(c), requireUser(c).id);
    return c.redirect("/settings?saved=verify", 303);
  });
  act("/settings/logout-everywhere", async (c) => {
    await endAllSessions(c.get("deps").db, requireUser(c).id);
    clearSessionCookie(c, isHttps(c));
    return c.redirect("/", 303);
  });
  act(
    "/settings/api-tokens",
    async (c, f) => {
      const user = requireUser(c);
      const scope = parseApiScope(f("scope"));
      const made = await createApiToken(c.get("deps").db, user.id, { name: f("name"), scope });
      // Shown this once, on a page no cache keeps; only its hash is stored.
      return formPage(
        c,
        "Your new API token",
        ApiTokenCreated({
          token: made.token,
          scope,
          copyLinkJs: c.get("assets").copyLinkJs,
        }),
      );
    },
    (f) => ({ tokenName: f("name") }),
  );
  act("/settings/api-tokens/:id/revoke", async (c) => {
    await revokeApiToken(c.get("deps").db, requireUser(c).id, idParam(c.req.param("id"), "token"));
    return c.redirect("/settings?saved=token-revoked#api-tokens", 303);
  });
  const modeOf = (f: Field) => (f("mode") === "remove" ? "remove" : "keep");
  act(
    "/settings/delete",
    async (c, f) => {
      await deleteAccount(c.get("deps").db, {
        userId: requireUser(c).id,
        password: f("password"),
        mode: modeOf(f),
        ip: ipOf(c),
      });
      clearSessionCookie(c, isHttps(c));
      return c.redirect("/", 303);
    },
    (f) => ({ deleteMode: modeOf(f) }),
  );
  return app;
}
