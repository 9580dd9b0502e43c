// Character references in text that takes no markup (link previews, search snippets). Pure.

const NAMED: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
};

/**
 * `&amp;`, `&#65;`, `&#x263a;` and the other names above become their characters; a numeric
 * reference to a control character or past Unicode becomes a space; an unknown name stays.
 */
export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code =
        name[1] === "x" || name[1] === "X"
          ? Number.parseInt(name.slice(2), 16)
          : Number(name.slice(1));
      return code > 31 && code <= 0x10ffff ? String.fromCodePoint(code) : " ";
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}
