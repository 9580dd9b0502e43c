// A structural check that rendered HTML is inert: it reads the markup as a browser's
// tokenizer would (tags, attribute names, quoted/unquoted values, character references)
// and lists everything that could run script or navigate to a script URL.

const FORBIDDEN_ELEMENTS = new Set([
  "script",
  "style",
  "meta",
  "base",
  "iframe",
  "frame",
  "frameset",
  "object",
  "embed",
  "applet",
  "form",
  "link",
  "template",
]);

const URL_ATTRIBUTES = new Set([
  "href",
  "src",
  "xlink:href",
  "action",
  "formaction",
  "background",
  "poster",
  "srcset",
  "data",
  "codebase",
  "lowsrc",
  "dynsrc",
]);

const NAMED_REFERENCES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  colon: ":",
  tab: "\t",
  newline: "\n",
  nbsp: "\u00a0",
  sol: "/",
  lpar: "(",
  rpar: ")",
};

/** Character references decoded as in an attribute value (also without the `;`). */
export function decodeReferences(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (whole, ref: string) => {
    if (ref[0] === "#") {
      const hex = ref[1] === "x" || ref[1] === "X";
      const code = Number.parseInt(ref.slice(hex ? 2 : 1), hex ? 16 : 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_REFERENCES[ref.toLowerCase()] ?? whole;
  });
}

/** The scheme a browser would see, or "" for a relative URL. */
export function browserScheme(url: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers ignore these.
  const compact = decodeReferences(url).replace(/[\u0000-\u0020\u007f-\u009f]/g, "");
  const m = /^([a-z][a-z0-9+.-]*):/i.exec(compact);
  return m ? (m[1] ?? "").toLowerCase() : "";
}

const SAFE_SCHEMES = new Set(["", "http", "https", "mailto"]);

interface Tag {
  name: string;
  attributes: [string, string][];
}

function readTag(html: string, start: number): { tag: Tag; end: number } {
  let i = start + 1;
  const closing = html[i] === "/";
  if (closing) i++;
  let name = "";
  while (i < html.length && !/[\s/>]/.test(html[i] as string)) name += html[i++];
  const attributes: [string, string][] = [];
  while (i < html.length && html[i] !== ">") {
    if (/[\s/]/.test(html[i] as string)) {
      i++;
      continue;
    }
    let attr = "";
    while (i < html.length && !/[\s/>=]/.test(html[i] as string)) attr += html[i++];
    while (/\s/.test(html[i] ?? "")) i++;
    let value = "";
    if (html[i] === "=") {
      i++;
      while (/\s/.test(html[i] ?? "")) i++;
      const quote = html[i];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, i + 1);
        const end = close < 0 ? html.length : close;
        value = html.slice(i + 1, end);
        i = end + 1;
      } else {
        while (i < html.length && !/[\s>]/.test(html[i] as string)) value += html[i++];
      }
    }
    if (attr !== "") attributes.push([attr.toLowerCase(), value]);
  }
  return { tag: { name: (closing ? "/" : "") + name.toLowerCase(), attributes }, end: i + 1 };
}

/** Every active thing found in `html`; an empty list means the HTML is inert. */
export function findActiveContent(html: string): string[] {
  const problems: string[] = [];
  let i = html.indexOf("<");
  while (i >= 0) {
    const next = html[i + 1] ?? "";
    if (next === "!" || next === "?") problems.push(`markup declaration or comment at ${i}`);
    if (/[a-z/]/i.test(next)) {
      const { tag, end } = readTag(html, i);
      const name = tag.name.replace(/^\//, "");
      if (FORBIDDEN_ELEMENTS.has(name)) problems.push(`<${tag.name}> element`);
      for (const [attr, value] of tag.attributes) {
        if (attr.startsWith("on")) problems.push(`${attr} attribute on <${name}>`);
        if (URL_ATTRIBUTES.has(attr) && !SAFE_SCHEMES.has(browserScheme(value))) {
          problems.push(`${attr}="${value}" on <${name}>`);
        }
        const decoded = decodeReferences(value).toLowerCase();
        if (attr === "style" && /url\(|expression|javascript|behavior|binding/.test(decoded)) {
          problems.push(`style="${value}" on <${name}>`);
        }
      }
      i = html.indexOf("<", end);
    } else {
      i = html.indexOf("<", i + 1);
    }
  }
  return problems;
}
