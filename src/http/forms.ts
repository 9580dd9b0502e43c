import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { DomainError, invalid, RateLimitedError } from "../core/errors";
import type { AppEnv } from "./app-env";
import { formErrorStatus } from "./error-status";
import { decodeUtf8, hasNul, percentDecode } from "./strict-text";

/**
 * Text fields of a posted form (a repeated field reads as its last value; files, or a body
 * that is not a form, read as ""). A form that cannot be parsed, or holds a NUL or bytes that
 * are not UTF-8, is a 400 before any route sees it.
 */
export async function formFields(c: Context<AppEnv>): Promise<(name: string) => string> {
  const form = await readForm(c);
  return (name) => form.get(name) ?? "";
}

// The CSRF check and the route both read the form: parse it once per request.
const parsedForms = new WeakMap<Request, Promise<Map<string, string>>>();

export function readForm(c: Context<AppEnv>): Promise<Map<string, string>> {
  const raw = c.req.raw;
  let form = parsedForms.get(raw);
  if (!form) {
    form = parseForm(raw);
    parsedForms.set(raw, form);
  }
  return form;
}

const unreadable = () =>
  invalid("This form could not be read. Reload the page and send it again from there.");

async function parseForm(req: Request): Promise<Map<string, string>> {
  const type = req.headers.get("Content-Type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded" && type !== "multipart/form-data") {
    return new Map();
  }
  // Bodies arrive already bounded and buffered (body-limit.ts).
  const bytes = new Uint8Array(await req.arrayBuffer());
  const text = decodeUtf8(bytes);
  if (text === null || hasNul(text)) throw unreadable();
  if (type === "application/x-www-form-urlencoded") return parseUrlEncoded(text);
  let data: FormData;
  try {
    data = await new Response(bytes, {
      headers: { "Content-Type": req.headers.get("Content-Type") ?? "" },
    }).formData();
  } catch {
    throw unreadable();
  }
  const fields = new Map<string, string>();
  data.forEach((value, name) => {
    if (typeof value === "string") fields.set(name, value);
  });
  return fields;
}

/** As URLSearchParams, except that escapes decoding to a NUL or to non-UTF-8 bytes are refused. */
function parseUrlEncoded(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const pair of text.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const name = percentDecode((eq === -1 ? pair : pair.slice(0, eq)).replaceAll("+", " "));
    const value = percentDecode(eq === -1 ? "" : pair.slice(eq + 1).replaceAll("+", " "));
    if (name === null || value === null || hasNul(name) || hasNul(value)) throw unreadable();
    fields.set(name, value);
  }
  return fields;
}

/**
 * Runs a form's action; a problem the person can fix (invalid, conflict, …) shows the form
 * again with the message and the right status, and so does a rate limit (429 with
 * Retry-After), so that what was typed is never lost. The rest go to the error page.
 */
export async function withFormErrors(
  action: () => Promise<Response>,
  showForm: (error: string, status: ContentfulStatusCode) => Response | Promise<Response>,
): Promise<Response> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof RateLimitedError) {
      const shown = await showForm(error.message, 429);
      const res = new Response(shown.body, shown);
      res.headers.set("Retry-After", String(error.retryAfterSeconds));
      return res;
    }
    const status = error instanceof DomainError ? formErrorStatus(error.code) : undefined;
    if (error instanceof DomainError && status) return showForm(error.message, status);
    throw error;
  }
}

/** Pages with forms hold a per-visitor token: never cache them anywhere. */
export function noStore(c: Context): void {
  c.header("Cache-Control", "no-store");
}
