import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./app-env";
import { readSessionCookie } from "./cookies";

const PERSONAL = "private, no-store";

/**
 * A response to a logged-in reader holds their name, form tokens and private share links; one
 * that sets a cookie or says no-store (pages with forms) is as personal. No browser or proxy
 * cache may keep those. Every other page is the same for everyone without a session cookie, so
 * caches must key it on the cookie (Vary) or they would hand one reader's page to another.
 */
export function cacheHeaders(https: boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    const personal =
      c.get("user") !== null ||
      // A session that couldn't be resolved (database down) still made this response personal.
      readSessionCookie(c, https) !== undefined ||
      headers.has("set-cookie") ||
      /no-store|private/.test(headers.get("cache-control") ?? "");
    const vary = headers.get("vary");
    const varies = vary !== null && /(^|,)\s*(cookie|\*)\s*(,|$)/i.test(vary);
    // Responses here come from Hono's context (c.body, c.json, c.redirect): their headers are mutable.
    if (personal) headers.set("Cache-Control", PERSONAL);
    // Anyone's copy must be checked (ETag) before reuse: a write may have changed it.
    else if (!headers.has("cache-control")) headers.set("Cache-Control", "public, no-cache");
    if (!varies) headers.set("Vary", vary ? `${vary}, Cookie` : "Cookie");
  };
}
