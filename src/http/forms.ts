import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { DomainError } from "../errors";
import type { AppEnv } from "./app-env";

const FORM_STATUS: Partial<Record<DomainError["code"], ContentfulStatusCode>> = {
  invalid: 400,
  conflict: 409,
  forbidden: 403,
  too_large: 413,
  render_timeout: 422,
};

/** Text fields of a posted form; anything else (files, repeated fields) reads as "". */
export async function formFields(c: Context<AppEnv>): Promise<(name: string) => string> {
  const body = await c.req.parseBody();
  return (name) => {
    const v = body[name];
    return typeof v === "string" ? v : "";
  };
}

/**
 * Runs a form's action; a problem the person can fix (invalid, conflict, …) shows the form
 * again with the message and the right status. Rate limits and the rest go to the error page.
 */
export async function withFormErrors(
  action: () => Promise<Response>,
  showForm: (error: string, status: ContentfulStatusCode) => Response | Promise<Response>,
): Promise<Response> {
  try {
    return await action();
  } catch (error) {
    const status = error instanceof DomainError ? FORM_STATUS[error.code] : undefined;
    if (error instanceof DomainError && status) return showForm(error.message, status);
    throw error;
  }
}

/** Pages with forms hold a per-visitor token: never cache them anywhere. */
export function noStore(c: Context): void {
  c.header("Cache-Control", "no-store");
}
