// A logged-in reader's page is mostly the same for every reader: the paper, its summaries and
// comments. Only small parts depend on who is looking (the account menu, vote buttons, Edit
// and Report links, form tokens). Such a page is rendered once as a shared template: each
// per-viewer part becomes a marker (like core/html-slots.ts, with its own letter), and each
// request renders only the parts, for its own viewer, into the template's bytes.
//
// The same components render the page either way: `personal()` renders a part in place (a
// normal render) or records it (a template render). So a template filled for a viewer holds
// exactly the bytes a normal render for that viewer holds (test/integration/shared-paper-page
// checks it for several viewers).

import type { Child } from "hono/jsx";
import type { JSX } from "hono/jsx/jsx-runtime";
import type { HtmlSlots } from "./html-slots";
import type { PageCtx, PartSink } from "./page-context";
import { refuseAsync, renderHtmlNow } from "./render-html";

const NONCE = Array.from(crypto.getRandomValues(new Uint32Array(4)), (n) => n.toString(36)).join(
  "",
);
const MARKER = new RegExp(`\u0000${NONCE}:v(\\d+)\u0000`, "g");

/**
 * Stands for the viewer's name and username in a template render (and in anything derived
 * from them, escaped or URL-encoded: it is letters, digits and dashes). A template holding it
 * showed identity outside a part, and is refused (`compile` returns null).
 */
export const IDENTITY_PLACEHOLDER = `viewer-identity-${NONCE}`;

/** What every part gets: at least the viewer's page context (a page may pass more). */
export interface PartViewer {
  page: PageCtx;
}

export type PartRender<V extends PartViewer> = (viewer: V) => Child;

/**
 * A part that depends on the viewer: rendered now for `viewer`, or, while a template is being
 * rendered (`sink` set), recorded and left as a marker. `render` is kept with the template, so
 * it should capture only small values (ids, paths), not whole records.
 */
export function personal<V extends PartViewer>(
  sink: ViewerParts<V> | PartSink | undefined,
  viewer: V,
  render: PartRender<V>,
): Child {
  // A sink only ever calls `render` with the page's own viewer type (ViewerParts<V>).
  return sink ? (sink as ViewerParts<V>).put(render) : render(viewer);
}

export class ViewerParts<V extends PartViewer> implements PartSink {
  readonly #renders: PartRender<V>[] = [];

  put(render: PartRender<V>): string {
    this.#renders.push(render);
    return `\u0000${NONCE}:v${this.#renders.length - 1}\u0000`;
  }

  /**
   * The rendered template as bytes between parts (summary HTML from `slots` put in place), or
   * null when it shows the viewer's identity outside a part (a component reads `page.user`
   * where it should use `personal()`): such a page must not be shared.
   */
  compile(html: string, slots: HtmlSlots): SharedTemplate<V> | null {
    if (html.includes(IDENTITY_PLACEHOLDER)) return null;
    const chunks: Uint8Array[] = [];
    const parts: number[] = [];
    let from = 0;
    for (const m of html.matchAll(MARKER)) {
      chunks.push(slots.fill(html.slice(from, m.index)));
      parts.push(Number(m[1]));
      from = m.index + m[0].length;
    }
    chunks.push(slots.fill(html.slice(from)));
    return new SharedTemplate(chunks, parts, this.#renders);
  }
}

/** Bytes held per recorded part, for the cache's byte bound (a closure and a few values). */
const PART_OVERHEAD_BYTES = 256;

export class SharedTemplate<V extends PartViewer> {
  /** What the template holds in memory, roughly: its bytes and an allowance per part. */
  readonly bytes: number;

  constructor(
    /** The bytes between parts: one more than `parts`. */
    private readonly chunks: readonly Uint8Array[],
    /** Which render goes between chunk i and i+1 (one render may be used many times: CSRF). */
    private readonly parts: readonly number[],
    private readonly renders: readonly PartRender<V>[],
  ) {
    let bytes = renders.length * PART_OVERHEAD_BYTES + parts.length * 8;
    for (const c of chunks) bytes += c.byteLength;
    this.bytes = bytes;
  }

  /**
   * The page for `viewer`: each part rendered once (with `viewer.page` recording nothing),
   * then the chunks and parts written into one buffer.
   */
  async fill(viewer: V): Promise<Uint8Array<ArrayBuffer>> {
    const rendered = new Map<number, string>();
    let length = 0;
    for (const chunk of this.chunks) length += chunk.byteLength;
    for (const index of this.parts) {
      let part = rendered.get(index);
      if (part === undefined) {
        const render = this.renders[index];
        const printed = render ? childToString(render(viewer)) : "";
        part = typeof printed === "string" ? printed : await printed;
        rendered.set(index, part);
      }
      length += Buffer.byteLength(part, "utf8");
    }
    const out = Buffer.allocUnsafe(length);
    let at = 0;
    for (let i = 0; i < this.chunks.length; i++) {
      const chunk = this.chunks[i] as Uint8Array;
      out.set(chunk, at);
      at += chunk.byteLength;
      const index = this.parts[i];
      if (index !== undefined) at += out.write(rendered.get(index) as string, at, "utf8");
    }
    return out as Uint8Array<ArrayBuffer>;
  }
}

/**
 * A JSX child as hono/jsx would print it in place (text escaped, null and false as nothing),
 * at once; a promised child or an async component is refused as renderHtml refuses them (a
 * render for one reader would be refused too).
 */
function childToString(child: Child): string | Promise<never> {
  if (child === null || child === undefined || child === false || child === true) return "";
  if (typeof child === "string") return escapeText(child);
  if (typeof child === "number") return String(child);
  if (child instanceof Promise) return refuseAsync(child);
  if (Array.isArray(child)) {
    let s = "";
    for (const c of child) {
      const printed = childToString(c as Child);
      if (typeof printed !== "string") return printed;
      s += printed;
    }
    return s;
  }
  return renderHtmlNow(child as unknown as JSX.Element);
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** hono/jsx's escape for text and attribute values (utils/html.js escapeToBuffer). */
function escapeText(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}
