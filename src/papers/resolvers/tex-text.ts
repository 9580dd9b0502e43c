// TeX text markup in metadata (arXiv titles and abstracts, BibTeX-fed records) to Unicode:
// accents such as {\"o} or \'{e}, letters such as \ss and \o, escapes such as \&, and font
// commands. Math ($…$, $$…$$, \(…\)) is left exactly as written for the math renderer.

const COMBINING: Record<string, string> = {
  '"': "\u0308",
  "'": "\u0301",
  "`": "\u0300",
  "^": "\u0302",
  "~": "\u0303",
  "=": "\u0304",
  ".": "\u0307",
  u: "\u0306",
  v: "\u030C",
  H: "\u030B",
  c: "\u0327",
  k: "\u0328",
  r: "\u030A",
};
const LETTERS: Record<string, string> = {
  ss: "ß",
  ae: "æ",
  AE: "Æ",
  oe: "œ",
  OE: "Œ",
  aa: "å",
  AA: "Å",
  o: "ø",
  O: "Ø",
  l: "ł",
  L: "Ł",
  i: "ı",
  j: "ȷ",
};

const BASE = "([A-Za-z]|\\\\[ij](?![A-Za-z]))";
// Symbol accents take a letter directly, in braces, or after spaces: \"o \"{o} \" o.
const SYMBOL_ACCENT = new RegExp(`\\\\(["'\`^~=.])\\s*(?:\\{\\s*${BASE}\\s*\\}|${BASE})`, "g");
// Letter accents (\c, \v, …) need braces or a space, else \vec or \cite would match.
const LETTER_ACCENT = new RegExp(`\\\\([uvHckr])(?:\\s*\\{\\s*${BASE}\\s*\\}|\\s+${BASE})`, "g");
const SPECIAL_LETTER = /\\(ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)(?![A-Za-z])(?:\{\}|\s*)/g;
// A braced accent or letter, {\"o} or {\L}: the braces only group it.
const BRACED_LETTER = /\{\\(ss|ae|AE|oe|OE|aa|AA|o|O|l|L)\}/g;
const BRACED_ACCENT = /\{(\\(?:["'`^~=.]|[uvHckr](?=[\s{]))\s*(?:\{[^{}]*\}|[^{}\s]))\}/g;
const FONT =
  /\\(?:emph|textit|textbf|texttt|textsc|textrm|textsf|textsl|textup|underline|mbox)\s*\{([^{}]*)\}/g;
const ESCAPE = /\\([&%_#$])/g;
const MATH = /(\$\$[\s\S]*?\$\$|\$(?:\\.|[^$\\])+\$|\\\([\s\S]*?\\\))/;

function base(letter: string): string {
  return letter === "\\i" ? "i" : letter === "\\j" ? "j" : letter;
}

function textPart(text: string, dropBraces: boolean): string {
  let t = text
    .replace(BRACED_LETTER, (_, name: string) => LETTERS[name] ?? name)
    .replace(BRACED_ACCENT, "$1")
    .replace(
      SYMBOL_ACCENT,
      (_, a: string, b1?: string, b2?: string) => base(b1 ?? b2 ?? "") + COMBINING[a],
    )
    .replace(
      LETTER_ACCENT,
      (_, a: string, b1?: string, b2?: string) => base(b1 ?? b2 ?? "") + COMBINING[a],
    )
    .replace(SPECIAL_LETTER, (_, name: string) => LETTERS[name] ?? name);
  // Font commands may nest (\textbf{\emph{x}}); each pass unwraps the innermost.
  for (let i = 0, before = ""; i < 3 && before !== t; i++) {
    before = t;
    t = t.replace(FONT, "$1");
  }
  t = t.replace(ESCAPE, "$1");
  // In titles, braces only protect capitals from BibTeX styles ({BERT}); they are not text.
  if (dropBraces) t = t.replace(/(?<!\\)[{}]/g, "");
  return t.normalize("NFC");
}

/** Converts TeX text markup outside math; `dropBraces` also removes grouping braces. */
export function texToUnicode(text: string, dropBraces = false): string {
  if (!text.includes("\\") && !(dropBraces && /[{}]/.test(text))) return text;
  return text
    .split(MATH)
    .map((part, i) => (i % 2 === 1 ? part : textPart(part, dropBraces)))
    .join("");
}
