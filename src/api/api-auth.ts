// Who is calling /api/v1, what they may do, and the conventions every answer follows.
//
// - Only `Authorization: Bearer ss_…` authenticates. The session cookie is ignored: a write
//   needs a token, which a browser never attaches by itself, so no other site can make a
//   logged-in visitor's browser write (the reason the site's forms need a CSRF token). That is
//   why these routes are mounted before the CSRF check, and why CORS may allow every origin
//   for writes too: with `*` and no credentials, a page elsewhere gets nothing a token-less
//   request wouldn't.
// - Rate limits: per token for every request and again for writes; per client address for
//   anonymous reads.

import type { Context, MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { type ApiCaller, resolveApiToken } from "../auth/api-tokens.service";
import type { AppEnv } from "../http/app-env";
import { sendError } from "../http/errors";
import { ipOf } from "../http/route-helpers";
import { consumeRateLimit } from "../ratelimit/rate-limit.service";

export type ApiEnv = AppEnv;

// The request's caller, beside its context (AppEnv names no feature, so not in its Variables).
const callers = new WeakMap<Context<ApiEnv>, ApiCaller>();

/** The token's caller, or null for an anonymous read. */
export function callerOf(c: Context<ApiEnv>): ApiCaller | null {
  return callers.get(c) ?? null;
}

const READS = new Set(["GET", "HEAD", "OPTIONS"]);

export const apiCors = (): MiddlewareHandler<ApiEnv> =>
  cors({
    origin: "*",
    allowMethods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
    allowHeaders: ["Authorization", "Content-Type"],
    exposeHeaders: ["Retry-After"],
    maxAge: 600,
  });

/** Resolves the bearer token (401 when it doesn't resolve), counts limits, checks the scope. */
export function apiAuth(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const db = c.get("deps").db;
    const header = c.req.header("Authorization");
    let caller: ApiCaller | null = null;
    if (header !== undefined) {
      const m = /^Bearer ([^\s]{1,200})$/.exec(header.trim());
      caller = m?.[1] ? await resolveApiToken(db, m[1]) : null;
      if (!caller) {
        c.header("WWW-Authenticate", 'Bearer realm="ShortScience API"');
        return sendError(
          c,
          401,
          "unauthorized",
          "This API token is not valid: it is unknown, revoked, or its account can't use it. Make a new one in Settings.",
        );
      }
    }
    if (caller) callers.set(c, caller);
    const read = READS.has(c.req.method);
    if (!caller) {
      if (!read) {
        c.header("WWW-Authenticate", 'Bearer realm="ShortScience API"');
        return sendError(
          c,
          401,
          "unauthorized",
          "Writing needs a personal API token with the write scope: Authorization: Bearer <token> (Settings → API tokens).",
        );
      }
      await consumeRateLimit(db, "apiReadPerIp", ipOf(c));
    } else {
      await consumeRateLimit(db, "apiReadPerToken", String(caller.tokenId));
      if (!read) {
        if (caller.scope !== "write") {
          return sendError(
            c,
            403,
            "forbidden",
            "This token is read-only; writing needs a token with the write scope.",
          );
        }
        await consumeRateLimit(db, "apiWritePerToken", String(caller.tokenId));
      }
    }
    await next();
    // A token's answers may hold its owner's private summaries: no cache keeps them.
    if (caller) c.header("Cache-Control", "private, no-store");
    c.header("Vary", "Authorization", { append: true });
  };
}

/**
 * A write's body is JSON, parsed here once (Hono caches it for the validator): malformed
 * JSON or another content type is a clear 400 in the one error format, not a 500.
 */
export function apiJsonBody(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (READS.has(c.req.method) || c.req.method === "DELETE") return next();
    const type = c.req.header("Content-Type") ?? "";
    if (!/^application\/json\s*(;|$)/i.test(type)) {
      return sendError(
        c,
        400,
        "invalid",
        "Send the body as JSON, with Content-Type: application/json.",
      );
    }
    try {
      await c.req.json();
    } catch {
      return sendError(c, 400, "invalid", "The body is not valid JSON.");
    }
    return next();
  };
}
