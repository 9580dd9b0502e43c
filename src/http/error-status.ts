// The one map from a domain error's code to its HTTP status: the error page (errors.ts) and
// forms that show a problem beside their fields (forms.ts) both answer with it.

import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ErrorCode } from "../core/errors";

export const ERROR_STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  not_found: 404,
  forbidden: 403,
  invalid: 400,
  conflict: 409,
  rate_limited: 429,
  too_large: 413,
  render_timeout: 422,
  search_timeout: 422,
  unavailable: 503,
};

/**
 * Problems the person can fix by changing what they sent: a form shows them again with the
 * message. A rate limit also shows the form again (withFormErrors, with Retry-After); the
 * others (a missing page, an outage) go to the error page.
 */
const FORM_CODES: ReadonlySet<ErrorCode> = new Set([
  "invalid",
  "conflict",
  "forbidden",
  "too_large",
  "render_timeout",
]);

/** The status a form answers with when it shows this error again; undefined: not a form's. */
export function formErrorStatus(code: ErrorCode): ContentfulStatusCode | undefined {
  return FORM_CODES.has(code) ? ERROR_STATUS[code] : undefined;
}
