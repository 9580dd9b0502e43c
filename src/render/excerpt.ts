import { EXCERPT_MAX_BYTES, EXCERPT_TEXT_CHARS } from "../core/limits";

// A summary card's excerpt: the first blocks of a summary's stored HTML, with its math.
//
// The input is always our own output (sanitize.ts's allowlist with escaped text and quoted
// attributes, plus KaTeX's HTML+MathML), so a small tokenizer suffices: no DOM, no parser
// dependency, and it runs in the browser too. It stops reading once the excerpt is complete,
// so the cost is bounded by the excerpt, not by the summary (which may typeset to megabytes).
//
// Rules:
// - Whole top-level blocks (p, ul, ol, blockquote, table, pre, h2…, a display formula's
//   wrapper) while the text stays within `chars` and the HTML within `bytes`.
// - Text is what a reader sees: an entity is one character, a run of white space one; a
//   formula counts as the length of its TeX source (KaTeX's annotation), not its glyph boxes.
// - When the blocks taken so far hold less than half of both budgets (a summary that opens
//   with a heading and a long paragraph, or one huge block), the next block is cut inside: at a
//   sentence or word end, never inside a formula or a tag, open elements closed, "…" added.
// - A formula is taken whole or not at all; one whose typeset HTML is over half the bytes
//   (it could never sit in a card beside text) is shown as its TeX source instead.
// - Headings become bold paragraphs (class "excerpt-heading"): a card's own title is its only
//   heading, and a summary's "##" must not sit above it in size or in the outline.
// - Images become their alt text: a card is a teaser, not a gallery.

export interface Excerpt {
  html: string;
  /** Whether anything of the summary was left out (the card then says "Read more"). */
  cut: boolean;
}

export interface ExcerptLimits {
  chars: number;
  bytes: number;
}

const DEFAULT_LIMITS: ExcerptLimits = { chars: EXCERPT_TEXT_CHARS, bytes: EXCERPT_MAX_BYTES };

const BLOCKS = new Set(
  "address article aside blockquote details div dl figure h1 h2 h3 h4 h5 h6 hr ol p pre section table ul".split(
    " ",
  ),
);
const VOID = new Set(["area", "br", "col", "hr", "img", "wbr"]);
const HEADING = /^h[1-6]$/;
const MATH_CLASS = /(?:^|\s)(?:katex|katex-display|math-error)(?:\s|$)/;

type Atom =
  | { kind: "open"; name: string; raw: string }
  | { kind: "close"; name: string; raw: string }
  | { kind: "void"; raw: string }
  | { kind: "text"; raw: string; chars: number }
  /** A whole formula (or a formula that failed, shown as its source): never split. */
  | { kind: "math"; raw: string; chars: number; tex: string };

interface Unit {
  atoms: Atom[];
  chars: number;
  bytes: number;
  heading: boolean;
}

type Tag = { kind: "open" | "close" | "void"; name: string; raw: string; attrs: string };
type Token = Tag | { kind: "text"; raw: string };

// Attribute values are quoted by the sanitizer and by KaTeX, so a ">" inside one never ends a tag.
const TAG = /<(\/?)([A-Za-z][A-Za-z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/y;

function* tokens(html: string): Generator<Token> {
  let at = 0;
  while (at < html.length) {
    const lt = html.indexOf("<", at);
    if (lt !== at) {
      const end = lt === -1 ? html.length : lt;
      yield { kind: "text", raw: html.slice(at, end) };
      at = end;
      continue;
    }
    if (html.startsWith("<!--", at)) {
      const end = html.indexOf("-->", at + 4);
      at = end === -1 ? html.length : end + 3;
      continue;
    }
    TAG.lastIndex = at;
    const m = TAG.exec(html);
    if (!m) {
      // A stray "<" is never in stored HTML; kept as text rather than trusted as markup.
      yield { kind: "text", raw: "&lt;" };
      at += 1;
      continue;
    }
    at = TAG.lastIndex;
    const name = (m[2] ?? "").toLowerCase();
    const attrs = m[3] ?? "";
    const kind = m[1] ? "close" : VOID.has(name) || attrs.endsWith("/") ? "void" : "open";
    yield { kind, name, raw: m[0], attrs };
  }
}

/** Characters a reader sees in escaped text: an entity is one, a run of white space one. */
export function visibleChars(raw: string): number {
  if (raw.trim() === "") return 0;
  return raw.replace(/&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/gi, "x").replace(/\s+/g, " ").length;
}

export function utf8Bytes(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function attr(attrs: string, name: string): string | null {
  const m = new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attrs);
  return m ? (m[1] ?? "") : null;
}

/** What an element becomes in an excerpt (headings demoted, images as their alt text). */
function excerptAtom(tag: Tag): Atom {
  if (HEADING.test(tag.name)) {
    return tag.kind === "open"
      ? { kind: "open", name: tag.name, raw: '<p class="excerpt-heading">' }
      : { kind: "close", name: tag.name, raw: "</p>" };
  }
  if (tag.name === "img") {
    // The sanitizer escaped the value for a quoted attribute; "<" and ">" included.
    const alt = (attr(tag.attrs, "alt") ?? "").replace(/</g, "&lt;").replace(/>/g, "&gt;").trim();
    const raw = alt === "" ? "(image)" : alt;
    return { kind: "text", raw, chars: visibleChars(raw) };
  }
  if (tag.kind === "void") return { kind: "void", raw: tag.raw };
  return { kind: tag.kind, name: tag.name, raw: tag.raw };
}

/** Reads a formula's element to its end: its HTML whole, its TeX source, its weight. */
function readMath(open: Tag, rest: Iterator<Token>): Atom {
  const isError = /math-error/.test(attr(open.attrs, "class") ?? "");
  let raw = open.raw;
  let tex = "";
  let depth = 1;
  let inAnnotation = false;
  while (depth > 0) {
    const next = rest.next();
    if (next.done) break;
    const t = next.value;
    raw += t.raw;
    if (t.kind === "text") {
      if (inAnnotation || isError) tex += t.raw;
    } else if (t.kind === "open") {
      depth++;
      if (t.name === "annotation") inAnnotation = true;
    } else if (t.kind === "close") {
      depth--;
      if (t.name === "annotation") inAnnotation = false;
    }
  }
  return { kind: "math", raw, chars: Math.max(1, visibleChars(tex)), tex };
}

function newUnit(heading: boolean): Unit {
  return { atoms: [], chars: 0, bytes: 0, heading };
}

function addAtom(unit: Unit, atom: Atom): void {
  unit.atoms.push(atom);
  if (atom.kind === "text" || atom.kind === "math") unit.chars += atom.chars;
  unit.bytes += utf8Bytes(atom.raw);
}

/**
 * The document's top-level units, read lazily: each block element whole, and each run of
 * inline content between blocks (an author's HTML block may leave text at the top).
 */
function* units(html: string): Generator<Unit> {
  const it = tokens(html);
  let depth = 0;
  let current: Unit | null = null;
  let currentIsBlock = false;
  for (let next = it.next(); !next.done; next = it.next()) {
    const t = next.value;
    if (depth === 0) {
      const startsBlock = t.kind !== "text" && t.kind !== "close" && BLOCKS.has(t.name);
      if (startsBlock || (current && currentIsBlock)) {
        if (current && current.atoms.length > 0) yield current;
        current = null;
      }
      if (!current) {
        if (t.kind === "text" && t.raw.trim() === "") continue;
        if (t.kind === "close") continue; // unbalanced: nothing to close at the top
        current = newUnit(startsBlock && HEADING.test(t.name));
        currentIsBlock = startsBlock;
      }
    }
    if (!current) continue;
    if (t.kind === "text")
      addAtom(current, { kind: "text", raw: t.raw, chars: visibleChars(t.raw) });
    else if (t.kind === "open" && MATH_CLASS.test(attr(t.attrs, "class") ?? "")) {
      addAtom(current, readMath(t, it));
    } else {
      addAtom(current, excerptAtom(t));
      if (t.kind === "open") depth++;
      else if (t.kind === "close") depth = Math.max(0, depth - 1);
    }
    if (depth === 0 && currentIsBlock) {
      yield current;
      current = null;
    }
  }
  if (current && current.atoms.length > 0) yield current;
}

/**
 * The longest prefix of escaped text within `maxChars` visible characters, ending at a
 * sentence end when one falls in its second half, else at a word end; never inside an entity.
 */
function cutText(raw: string, maxChars: number): string {
  let seen = 0;
  let i = 0;
  let wordEnd = -1;
  let sentenceEnd = 0;
  while (i < raw.length && seen < maxChars) {
    const ch = raw[i] ?? "";
    if (/\s/.test(ch)) {
      wordEnd = i;
      if (i > 0 && /[.!?:;]/.test(raw[i - 1] ?? "")) sentenceEnd = i;
      while (i < raw.length && /\s/.test(raw[i] ?? "")) i++;
    } else if (ch === "&") {
      const semi = raw.indexOf(";", i);
      i = semi === -1 ? i + 1 : semi + 1;
    } else {
      const code = raw.charCodeAt(i);
      i += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
    }
    seen++;
  }
  if (i >= raw.length) return raw;
  const end = sentenceEnd > i / 2 ? sentenceEnd : wordEnd >= 0 ? wordEnd : i;
  return raw.slice(0, end).trimEnd();
}

/** Elements whose content may be text: where a cut may add its "…". */
const HOLDS_TEXT = /^(?:p|li|td|th|dd|dt|blockquote|div|pre|code|a|em|strong|span|h[1-6])$/;

/** The start of one unit, within the budget left: closes what it opened. */
function cutUnit(unit: Unit, budget: ExcerptLimits, limits: ExcerptLimits): string {
  const out: string[] = [];
  const open: { name: string; at: number }[] = [];
  let chars = 0;
  let bytes = 0;
  let next = 0;
  const push = (raw: string) => {
    out.push(raw);
    bytes += utf8Bytes(raw);
  };
  for (; next < unit.atoms.length; next++) {
    const atom = unit.atoms[next] as Atom;
    const size = utf8Bytes(atom.raw);
    if (atom.kind === "close") {
      open.pop();
      push(atom.raw);
      continue;
    }
    if (atom.kind === "open" || atom.kind === "void") {
      if (bytes + size > budget.bytes) break;
      if (atom.kind === "open") open.push({ name: atom.name, at: out.length });
      push(atom.raw);
      continue;
    }
    if (atom.kind === "math") {
      if (chars + atom.chars > budget.chars) break;
      // A formula too big for any card is shown as its source; a smaller one waits for the page.
      const source = `<code class="tex">${atom.tex}</code>`;
      if (bytes + size <= budget.bytes) push(atom.raw);
      else if (size > limits.bytes / 2 && bytes + utf8Bytes(source) <= budget.bytes) push(source);
      else break;
      chars += atom.chars;
      continue;
    }
    if (chars + atom.chars <= budget.chars && bytes + size <= budget.bytes) {
      push(atom.raw);
      chars += atom.chars;
      continue;
    }
    const room = Math.min(budget.chars - chars, budget.bytes - bytes);
    const text = room > 0 ? cutText(atom.raw, room) : "";
    if (text.trim() !== "") push(text);
    break;
  }
  const inner = open[open.length - 1];
  if (next < unit.atoms.length && inner && HOLDS_TEXT.test(inner.name) && out.length > inner.at + 1)
    push("…");
  // Close what is open; an element left with nothing inside goes (no empty list or row).
  for (let top = open.pop(); top; top = open.pop()) {
    while (out.length > top.at + 1 && (out[out.length - 1] ?? "").trim() === "") out.pop();
    if (out.length === top.at + 1) out.pop();
    else out.push(HEADING.test(top.name) ? "</p>" : `</${top.name}>`);
  }
  return out.join("");
}

function unitHtml(unit: Unit): string {
  return unit.atoms.map((a) => a.raw).join("");
}

/** The excerpt of a summary's stored HTML (see the rules at the top of this file). */
export function excerptOf(html: string, limits: ExcerptLimits = DEFAULT_LIMITS): Excerpt {
  const taken: Unit[] = [];
  const parts: string[] = [];
  let chars = 0;
  let bytes = 0;
  let cut = false;
  for (const unit of units(html)) {
    if (chars + unit.chars <= limits.chars && bytes + unit.bytes <= limits.bytes) {
      taken.push(unit);
      parts.push(unitHtml(unit));
      chars += unit.chars;
      bytes += unit.bytes;
      continue;
    }
    cut = true;
    if (chars < limits.chars / 2 && bytes < limits.bytes / 2) {
      const left = { chars: limits.chars - chars, bytes: limits.bytes - bytes };
      const part = cutUnit(unit, left, limits);
      if (part !== "") {
        taken.push(unit);
        parts.push(part);
      }
    }
    break;
  }
  // A heading with nothing after it introduces nothing: "Read more" follows instead.
  while (cut && taken.length > 1 && taken[taken.length - 1]?.heading) {
    taken.pop();
    parts.pop();
  }
  return { html: parts.join("\n"), cut };
}
