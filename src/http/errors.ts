import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { DomainError, type ErrorCode } from "../errors";
import { RateLimitedError } from "../ratelimit/rate-limit.service";
import { ErrorPage } from "../views/error-page";
import type { AppEnv } from "./app-env";
import { pageCtx } from "./page-context";
import { sendPage } from "./send-page";

const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  not_found: 404,
  forbidden: 403,
  invalid: 400,
  conflict: 409,
  rate_limited: 429,
  too_large: 413,
  render_timeout: 422,
  unavailable: 503,
};

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
  if (wantsJson(c)) return c.json({ error: { code, message } }, status);
  return sendPage(c, ErrorPage({ page: pageCtx(c), status, message }), status);
}

/** Domain errors become their status; anything else is logged and shown as a plain 500. */
export function handleError(error: Error, c: Context<AppEnv>): Response | Promise<Response> {
  if (error instanceof RateLimitedError) c.header("Retry-After", String(error.retryAfterSeconds));
  if (error instanceof DomainError) {
    return sendError(c, STATUS[error.code], error.code, error.message);
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
}

export function handleNotFound(c: Context<AppEnv>): Response | Promise<Response> {
  return sendError(c, 404, "not_found", "There is no page at this address.");
}
