import { timingSafeEqual } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { randomToken } from "../core/tokens";
import type { AppEnv } from "./app-env";
import { readCsrfCookie, setCsrfCookie } from "./cookies";
import { sendError } from "./errors";
import { readForm } from "./forms";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);
export const CSRF_FIELD = "_csrf";
export const CSRF_HEADER = "X-CSRF-Token";

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The token a form on this page must carry: the session's for a logged-in user; for anyone
 * else a random value also kept in a cookie (double submit), set here when missing.
 */
export function csrfTokenFor(c: Context<AppEnv>, https: boolean): string {
  const user = c.get("user");
  if (user) return user.csrfToken;
  const existing = readCsrfCookie(c, https);
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomToken(32);
  setCsrfCookie(c, https, token);
  return token;
}

/**
 * Refuses every state-changing request that does not come from our own pages: a foreign
 * Origin or a cross-site Sec-Fetch-Site is refused outright, and the request must carry the
 * token that only our pages know (form field or header).
 */
export function csrfProtection(baseUrl: string, https: boolean): MiddlewareHandler<AppEnv> {
  const ownOrigin = new URL(baseUrl).origin;
  return async (c, next) => {
    if (SAFE.has(c.req.method)) return next();
    const origin = c.req.header("Origin");
    const site = c.req.header("Sec-Fetch-Site");
    const requestOrigin = new URL(c.req.url).origin;
    if (
      (origin && origin !== ownOrigin && origin !== requestOrigin) ||
      site === "cross-site" ||
      site === "same-site"
    ) {
      return refuse(c);
    }
    const expected = c.get("user")?.csrfToken ?? readCsrfCookie(c, https);
    let provided = c.req.header(CSRF_HEADER);
    if (!provided && /form/.test(c.req.header("Content-Type") ?? "")) {
      // Bounded by body-limit.ts, which runs first; a malformed form is a 400 from here.
      provided = (await readForm(c)).get(CSRF_FIELD);
    }
    if (!expected || !provided || !same(expected, provided)) return refuse(c);
    return next();
  };
}

function refuse(c: Context<AppEnv>) {
  return sendError(
    c,
    403,
    "forbidden",
    "This form has expired or did not come from ShortScience. Go back, reload the page and try again.",
  );
}
