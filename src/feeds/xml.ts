// XML text for feeds and sitemaps. Pure. Everything we write passes through `xmlText`, which
// also drops what XML 1.0 forbids: a title holding a control character or a lone surrogate
// would otherwise make the whole feed unreadable for every subscriber.

// Allowed: tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF (XML 1.0 §2.2).
// With the `u` flag a lone surrogate is one code point in D800–DFFF, so it is dropped too.
const FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

/** Text (or an attribute value) safe inside any element: forbidden characters removed, escaped. */
export function xmlText(value: string): string {
  return value.replace(FORBIDDEN, "").replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}

/** `<name>text</name>`, escaped. */
export function element(name: string, value: string): string {
  return `<${name}>${xmlText(value)}</${name}>`;
}

/** RFC 822 (as RFC 1123 writes it) for RSS: "Tue, 10 Jun 2003 04:00:00 GMT". */
export function rfc822(iso: string): string {
  return new Date(iso).toUTCString();
}

/** RFC 3339 for Atom and sitemaps, in UTC, without milliseconds. */
export function rfc3339(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** An absolute URL of this site: `base` is config.baseUrl (no trailing slash needed). */
export function absoluteUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, "")}${path}`;
}
