import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { SESSION_ABSOLUTE_MS } from "../core/limits";

// Over https the cookies take the __Host- prefix: Secure, path /, no Domain, so no other
// host or path can set or read them.

export function sessionCookieName(https: boolean): string {
  return https ? "__Host-ss_session" : "ss_session";
}

export function csrfCookieName(https: boolean): string {
  return https ? "__Host-ss_csrf" : "ss_csrf";
}

const base = (https: boolean) => ({
  httpOnly: true,
  secure: https,
  sameSite: "Lax" as const,
  path: "/",
});

export function setSessionCookie(c: Context, https: boolean, token: string): void {
  setCookie(c, sessionCookieName(https), token, {
    ...base(https),
    maxAge: SESSION_ABSOLUTE_MS / 1000,
  });
}

export function clearSessionCookie(c: Context, https: boolean): void {
  deleteCookie(c, sessionCookieName(https), base(https));
}

export function readSessionCookie(c: Context, https: boolean): string | undefined {
  return getCookie(c, sessionCookieName(https));
}

export function readCsrfCookie(c: Context, https: boolean): string | undefined {
  return getCookie(c, csrfCookieName(https));
}

export function setCsrfCookie(c: Context, https: boolean, token: string): void {
  setCookie(c, csrfCookieName(https), token, base(https));
}

/**
 * The key of the browser that signed up (its confirmation link logs only this browser in):
 * sent only to /verify, for as long as the link lives.
 */
export function signupKeyCookieName(https: boolean): string {
  return https ? "__Secure-ss_signup" : "ss_signup";
}

export function setSignupKeyCookie(
  c: Context,
  https: boolean,
  key: string,
  maxAgeMs: number,
): void {
  setCookie(c, signupKeyCookieName(https), key, {
    ...base(https),
    path: "/verify",
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

export function readSignupKeyCookie(c: Context, https: boolean): string | null {
  return getCookie(c, signupKeyCookieName(https)) ?? null;
}
