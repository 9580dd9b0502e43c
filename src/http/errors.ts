import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { BusyError, DomainError, RateLimitedError } from "../core/errors";
import { DB_UNAVAILABLE_RETRY_AFTER_S, SLOW_READ_RETRY_AFTER_S } from "../core/limits";
import { isDatabaseUnavailable, isQueryCanceled, isValueOutOfRange } from "../db/db-errors";
import { ErrorPage } from "../ui/error-page";
import type { AppEnv } from "./app-env";
import { ERROR_STATUS } from "./error-status";
import type { OutageLog } from "./outage-log";
import { pageCtx } from "./page-context";
import { sendPage } from "./send-page";

export function wantsJson(c: Context): boolean {
  if (c.req.path.startsWith("/api/") || c.req.path === "/healthz") return true;
  const accept = c.req.header("Accept") ?? "";
  return accept.includes("application/json") && !accept.includes("text/html");
}

export function sendError(
  c: Context<AppEnv>,
  status: ContentfulStatusCode,
  code: string,
  message: string,
): Response | Promise<Response> {
  // An error of ours or of the database passes, and so may a search that ran out of time
  // under load: no cache may keep it as the page.
  if (status >= 500 || code === "search_timeout") c.header("Cache-Control", "no-store");
  if (wantsJson(c)) return c.json({ error: { code, message } }, status);
  return sendPage(c, ErrorPage({ page: pageCtx(c), status, message }), status);
}

/** At most one log line per this interval for reads stopped at their deadline. */
const SLOW_READ_LOG_INTERVAL_MS = 10_000;
const SLOW_READ_MESSAGE =
  "This page is taking too long to put together right now. Please try again in a moment.";

/**
 * Domain errors become their status. An unreachable database is a 503 with Retry-After, logged
 * once per interval through `outage` (every request fails alike meanwhile); anything else is
 * logged and shown as a plain 500.
 */
export function errorHandler(outage: OutageLog) {
  const slowReads = { loggedAt: Number.NEGATIVE_INFINITY, unlogged: 0 };
  return (error: Error, c: Context<AppEnv>): Response | Promise<Response> => {
    if (error instanceof RateLimitedError || error instanceof BusyError) {
      c.header("Retry-After", String(error.retryAfterSeconds));
    }
    if (error instanceof DomainError) {
      if (error.code === "unavailable" && !(error instanceof BusyError)) {
        c.header("Retry-After", String(DB_UNAVAILABLE_RETRY_AFTER_S));
      }
      return sendError(c, ERROR_STATUS[error.code], error.code, error.message);
    }
    if (isValueOutOfRange(error)) {
      return sendError(c, 400, "invalid", "A number in the request is too large.");
    }
    if (isQueryCanceled(error)) {
      // A read given up at its deadline (PAGE_READ_DEADLINE_MS): the database is up but busy.
      // Under the load that causes it, one line per interval says as much as one per request.
      slowReads.unlogged += 1;
      const now = Date.now();
      if (now - slowReads.loggedAt >= SLOW_READ_LOG_INTERVAL_MS) {
        c.get("deps").logger.warn(
          { reads: slowReads.unlogged, method: c.req.method, path: c.req.path.slice(0, 200) },
          "reads stopped at their deadline",
        );
        slowReads.loggedAt = now;
        slowReads.unlogged = 0;
      }
      c.header("Retry-After", String(SLOW_READ_RETRY_AFTER_S));
      return sendError(c, 503, "unavailable", SLOW_READ_MESSAGE);
    }
    if (isDatabaseUnavailable(error)) {
      outage.failure(error, { method: c.req.method, path: c.req.path.slice(0, 200) });
      c.header("Retry-After", String(DB_UNAVAILABLE_RETRY_AFTER_S));
      return sendError(c, 503, "unavailable", UNAVAILABLE_MESSAGE);
    }
    c.get("deps").logger.error(
      { err: error, requestId: c.get("requestId"), method: c.req.method, path: c.req.path },
      "request failed",
    );
    return sendError(
      c,
      500,
      "internal",
      "Something went wrong on our side. It has been logged; please try again in a moment.",
    );
  };
}

export const UNAVAILABLE_MESSAGE =
  "ShortScience can't reach its database right now. Please try again in a minute.";

export function handleNotFound(c: Context<AppEnv>): Response | Promise<Response> {
  return sendError(c, 404, "not_found", "There is no page at this address.");
}
