// Text → a BibTeX field value that reads back as the same text. Pure.
//
// Every LaTeX special character is escaped, including `$` and `\`: titles hold TeX math as
// written on arXiv ("$\ell_1$"), and passing it through would let any title run TeX commands
// in the citing author's document. So math is cited literally, exactly as our page shows it.
//
// Non-ASCII: Latin letters with one accent (é, ü, č, å) and the letters plain LaTeX names (ø,
// ß, æ, œ, ł) are written as TeX commands such as {\'e}, which every LaTeX and classic BibTeX
// read, and BibTeX abbreviates correctly ("{\'E}mile" → "{\'E}."). Everything else (CJK,
// Greek, letters with two accents, ogonek, which needs T1 fonts) stays UTF-8: LaTeX reads
// UTF-8 by default since 2018, and biber does too.

const SPECIAL: Record<string, string> = {
  "\\": "\\textbackslash{}",
  // Escaped braces would still count for BibTeX's brace matching: these never do.
  "{": "\\textbraceleft{}",
  "}": "\\textbraceright{}",
  "&": "\\&",
  "%": "\\%",
  $: "\\$",
  "#": "\\#",
  _: "\\_",
  "~": "\\textasciitilde{}",
  "^": "\\textasciicircum{}",
  // In LaTeX's default OT1 fonts these print as ¡ ¿ and an em dash.
  "<": "\\textless{}",
  ">": "\\textgreater{}",
  "|": "\\textbar{}",
};

const LETTERS: Record<string, string> = {
  ø: "{\\o}",
  Ø: "{\\O}",
  ß: "{\\ss}",
  æ: "{\\ae}",
  Æ: "{\\AE}",
  œ: "{\\oe}",
  Œ: "{\\OE}",
  ł: "{\\l}",
  Ł: "{\\L}",
  ı: "{\\i}",
};

// Combining mark → accent command available in LaTeX's default (OT1) encoding.
const ACCENTS: Record<string, string> = {
  "\u0300": "\\`",
  "\u0301": "\\'",
  "\u0302": "\\^",
  "\u0303": "\\~",
  "\u0304": "\\=",
  "\u0306": "\\u",
  "\u0307": "\\.",
  "\u0308": '\\"',
  "\u030A": "\\r",
  "\u030B": "\\H",
  "\u030C": "\\v",
  "\u0323": "\\d",
  "\u0327": "\\c",
};

/** One character (a code point, possibly precomposed) → TeX. */
function escapeChar(ch: string): string {
  const special = SPECIAL[ch];
  if (special) return special;
  if (ch <= "\u007f") return ch;
  const letter = LETTERS[ch];
  if (letter) return letter;
  const nfd = ch.normalize("NFD");
  const base = nfd[0] ?? "";
  const accent = nfd.length === 2 ? ACCENTS[nfd[1] ?? ""] : undefined;
  // An accented i or j wants a dotless \i or \j under the accent: UTF-8 gets that right.
  if (!accent || !/^[A-Za-hk-z]$/.test(base)) return ch;
  // \'e needs no braces; \v e would, as \ve reads as one command name.
  return /[a-z]$/i.test(accent) ? `{${accent}{${base}}}` : `{${accent}${base}}`;
}

/** Text (whitespace collapsed by the caller) → escaped TeX for a braced BibTeX value. */
export function escapeLatex(text: string): string {
  let out = "";
  // Control characters have no place in a citation and some would end a BibTeX line.
  for (const ch of text.normalize("NFC")) out += /\p{Cc}/u.test(ch) ? "" : escapeChar(ch);
  return out;
}

// A word: letters, marks and digits, joined by inner dots or apostrophes ("0.5MB", "U.S").
const WORD = /[\p{L}\p{M}\p{N}]+(?:[.'’][\p{L}\p{M}\p{N}]+)*/gu;

/**
 * A title for BibTeX: escaped, and with braces around the words that a style's lower-casing
 * would spoil: a capital after the first letter ({ResNet}, {GANs}, {0.5MB}) or a lone capital
 * letter ({I}, {B}); "A" alone is usually the article and left to the style.
 */
export function bibtexTitle(title: string): string {
  const text = title.normalize("NFC");
  let out = "";
  let last = 0;
  for (const m of text.matchAll(WORD)) {
    const word = m[0];
    out += escapeLatex(text.slice(last, m.index));
    out += needsProtection(word) ? `{${escapeLatex(word)}}` : escapeLatex(word);
    last = m.index + word.length;
  }
  return out + escapeLatex(text.slice(last));
}

function needsProtection(word: string): boolean {
  const chars = [...word];
  if (chars.length === 1) return /\p{Lu}/u.test(word) && word !== "A";
  return chars.slice(1).some((c) => /\p{Lu}/u.test(c));
}

/**
 * A value read verbatim by biblatex and the parsers (doi, url, eprint): no TeX escaping, which
 * would become part of the value. Only what would break the BibTeX braces themselves is
 * percent-encoded; such characters are not valid in URLs and no real DOI holds them.
 */
export function verbatimValue(text: string): string {
  return text.trim().replace(/[{}\\\s]/g, (c) => encodeURIComponent(c));
}
