import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./app-env";
import { sendError } from "./errors";
import { hasNul, percentDecode } from "./strict-text";

/**
 * Refuses an address whose path or query decodes to a NUL or to bytes that are not UTF-8,
 * before any route reads it: routes then never need to think about either, and the database
 * (PostgreSQL refuses NUL in text) never sees them.
 */
export function refuseUnreadableUrls(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const url = c.req.url;
    const start = url.indexOf("/", url.indexOf("://") + 3);
    const hash = url.indexOf("#");
    const target = start === -1 ? "" : url.slice(start, hash === -1 ? undefined : hash);
    const decoded = percentDecode(target);
    if (decoded === null || hasNul(decoded)) {
      return sendError(
        c,
        400,
        "invalid",
        "This address contains characters that cannot be in one. Check the link and try again.",
      );
    }
    return next();
  };
}
