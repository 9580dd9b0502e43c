import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { DomainError } from "../core/errors";
import { OIDC_STATE_TTL_MS } from "../core/limits";
import type { AppEnv } from "../http/app-env";
import { setSessionCookie } from "../http/cookies";
import { safeNextPath } from "../http/next-path";
import { type C, formPage, isHttps, requireUser } from "../http/route-helpers";
import { FormCard, FormMessage } from "../ui/forms";
import { finishOidcLogin, type OidcSettings, oidcSettings, startOidcLogin } from "./oidc.service";
import { endSession, startSession } from "./sessions.service";

// Sign-in with ORCID (any OpenID Connect provider): /auth/oidc/start sends the browser to the
// provider, which sends it back to /auth/oidc/callback. The state also travels in a cookie of
// this browser, so a callback URL made in another browser (login CSRF) is refused.

const stateCookie = (https: boolean) => (https ? "__Host-ss_oidc" : "ss_oidc");
const cookieOptions = (https: boolean) => ({
  httpOnly: true,
  secure: https,
  // Lax: the provider's redirect back to us is a top-level GET, which carries the cookie.
  sameSite: "Lax" as const,
  path: "/",
});

function settingsOf(c: C): OidcSettings {
  const s = oidcSettings(c.get("deps").config);
  if (!s) throw new DomainError("not_found", "There is no page at this address.");
  return s;
}

const STATUS: Partial<Record<DomainError["code"], ContentfulStatusCode>> = {
  forbidden: 403,
  conflict: 409,
  unavailable: 503,
};

function failurePage(c: C, s: OidcSettings, error: DomainError) {
  return formPage(
    c,
    `Sign-in with ${s.name} did not work`,
    <FormCard title={`Sign-in with ${s.name} did not work`}>
      <FormMessage error={error.message} />
      <p>
        <a href="/login">Back to the login page</a>
      </p>
    </FormCard>,
    STATUS[error.code] ?? 400,
  );
}

export function oidcPages() {
  const app = new Hono<AppEnv>();

  app.get("/auth/oidc/start", async (c) => {
    const s = settingsOf(c);
    // A logged-in user always links: ORCID never silently switches them to another account.
    // `?link=1` (the Settings button) only insists that someone is logged in.
    const user = c.req.query("link") === "1" ? requireUser(c) : c.get("user");
    // `next` as login's links send it; `return_to` is its older name.
    const next = safeNextPath(c.req.query("next") ?? c.req.query("return_to"));
    const { url, state } = await startOidcLogin(c.get("deps").db, s, {
      linkUserId: user?.id ?? null,
      returnTo: next ?? (user ? "/settings" : "/"),
    });
    setCookie(c, stateCookie(isHttps(c)), state, {
      ...cookieOptions(isHttps(c)),
      maxAge: OIDC_STATE_TTL_MS / 1000,
    });
    c.header("Cache-Control", "no-store");
    return c.redirect(url, 302);
  });

  app.get("/auth/oidc/callback", async (c) => {
    const s = settingsOf(c);
    const https = isHttps(c);
    const { db, logger } = c.get("deps");
    const state = c.req.query("state") ?? "";
    const bound = getCookie(c, stateCookie(https));
    deleteCookie(c, stateCookie(https), cookieOptions(https));
    if (!bound || bound !== state) {
      return failurePage(
        c,
        s,
        new DomainError(
          "invalid",
          "This sign-in was not started in this browser, or it has expired. Please start again.",
        ),
      );
    }
    const user = c.get("user");
    // Our public address, not the Host header: it must equal the redirect_uri we registered.
    const currentUrl = new URL(`${s.redirectUri}${new URL(c.req.url).search}`);
    let result: Awaited<ReturnType<typeof finishOidcLogin>>;
    try {
      result = await finishOidcLogin(db, s, { currentUrl, state, currentUserId: user?.id ?? null });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.cause) logger.warn({ err: error.cause, requestId: c.get("requestId") }, "OIDC");
      return failurePage(c, s, error);
    }
    // A fresh session at every sign-in (no fixation); the one it replaces ends.
    if (user) await endSession(db, user.sessionId);
    setSessionCookie(
      c,
      https,
      await startSession(db, result.userId, c.req.header("User-Agent") ?? ""),
    );
    // Checked again on the way out: a state row is ours, but the rule may have grown since.
    return c.redirect(safeNextPath(result.returnTo) ?? "/", 303);
  });

  return app;
}

/** For Settings: links the logged-in account to ORCID, or says it is linked. */
export function OidcLinkSection(props: { providerName: string; linked: boolean }) {
  return (
    <section class="oidc-link">
      <h2 class="settings-section">{props.providerName}</h2>
      {props.linked ? (
        <p>Your account is linked to {props.providerName}: you can sign in with it.</p>
      ) : (
        <p>
          <a class="button secondary" href="/auth/oidc/start?link=1">
            Link your {props.providerName} iD
          </a>
        </p>
      )}
    </section>
  );
}
