import type { Context } from "hono";
import type { JSX } from "hono/jsx/jsx-runtime";
import type { ContentfulStatusCode } from "hono/utils/http-status";

const encoder = new TextEncoder();

/** Renders a page component to encoded bytes once (the page cache keeps those bytes). */
export async function sendPage(
  c: Context,
  page: JSX.Element | Promise<JSX.Element>,
  status: ContentfulStatusCode = 200,
): Promise<Response> {
  const html = `<!DOCTYPE html>${await (await page).toString()}`;
  return c.body(encoder.encode(html) as Uint8Array<ArrayBuffer>, status, {
    "Content-Type": "text/html; charset=utf-8",
  });
}
