import type { Context } from "hono";
import type { JSX } from "hono/jsx/jsx-runtime";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { HtmlSlots } from "../core/html-slots";
import { renderHtml } from "../core/render-html";
import { withWholeBody } from "./whole-bodies";

/**
 * Renders a page component to encoded bytes once (the page cache keeps those bytes). With
 * `slots`, the summaries' stored HTML bytes are put in place of their markers instead of
 * being decoded and encoded again (core/html-slots.ts).
 */
export async function sendPage(
  c: Context,
  page: JSX.Element | Promise<JSX.Element>,
  status: ContentfulStatusCode = 200,
  slots?: HtmlSlots,
): Promise<Response> {
  const html = `<!DOCTYPE html>${await renderHtml(page)}`;
  // Buffer.from writes UTF-8 natively; TextEncoder took a slower path for large strings.
  const bytes = slots?.size
    ? slots.fill(html)
    : (Buffer.from(html, "utf8") as Uint8Array<ArrayBuffer>);
  return sendBytes(c, bytes, status);
}

/** A whole HTML body: compress-responses.ts compresses it in one call, without reading it back. */
export function sendBytes(
  c: Context,
  bytes: Uint8Array<ArrayBuffer>,
  status: ContentfulStatusCode = 200,
): Response {
  const res = c.body(bytes, status, {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Length": String(bytes.byteLength),
  });
  return withWholeBody(res, bytes);
}
