import type { ContentfulStatusCode } from "hono/utils/http-status";
import { RateLimitedError } from "../core/errors";
import { withFormErrors } from "../http/forms";
import type { C } from "../http/route-helpers";

/**
 * As withFormErrors, and a rate limit too shows the form again (429 with Retry-After, as the
 * error page would answer) instead of the error page: the account forms keep what was typed
 * (never a password) whatever refused it.
 */
export function keepingInput(
  c: C,
  action: () => Promise<Response>,
  showForm: (error: string, status: ContentfulStatusCode) => Response | Promise<Response>,
): Promise<Response> {
  return withFormErrors(async () => {
    try {
      return await action();
    } catch (error) {
      if (!(error instanceof RateLimitedError)) throw error;
      c.header("Retry-After", String(error.retryAfterSeconds));
      return showForm(error.message, 429);
    }
  }, showForm);
}
