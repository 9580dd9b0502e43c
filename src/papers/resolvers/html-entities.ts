// Decodes HTML/XML character references. Metadata arrives with entities from XML (arXiv,
// PubMed, DBLP's DTD entities such as &ouml;) and inside JSON strings (Crossref titles).
// A small table instead of a dependency: Latin-1, Greek and common punctuation cover them.

/** Entity names given in code-point order from `first`, as entity name → character. */
export function entityRun(names: string, first: number): [string, string][] {
  return names.split(" ").map((name, i) => [name, String.fromCodePoint(first + i)]);
}

/** ISO Latin-1 (U+00A0–U+00FF): HTML's names, which dblp.dtd uses too. */
export const LATIN1_ENTITIES: readonly [string, string][] = entityRun(
  "nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg " +
    "plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest " +
    "Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute " +
    "Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml " +
    "Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc " +
    "euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash " +
    "ugrave uacute ucirc uuml yacute thorn yuml",
  0xa0,
);

const GREEK =
  "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho " +
  "sigmaf sigma tau upsilon phi chi psi omega";

const NAMED = new Map<string, string>([
  ["amp", "&"],
  ["lt", "<"],
  ["gt", ">"],
  ["quot", '"'],
  ["apos", "'"],
  ["ndash", "–"],
  ["mdash", "—"],
  ["lsquo", "‘"],
  ["rsquo", "’"],
  ["ldquo", "“"],
  ["rdquo", "”"],
  ["hellip", "…"],
  ["bull", "•"],
  ["prime", "′"],
  ["minus", "−"],
  ["le", "≤"],
  ["ge", "≥"],
  ["ne", "≠"],
  ["infin", "∞"],
  ["rarr", "→"],
  ["larr", "←"],
  ["OElig", "Œ"],
  ["oelig", "œ"],
  ["Scaron", "Š"],
  ["scaron", "š"],
  ["thinsp", " "],
  ["ensp", " "],
  ["emsp", " "],
  ["trade", "™"],
  ["euro", "€"],
]);
for (const [name, char] of LATIN1_ENTITIES) NAMED.set(name, char);
for (const [i, name] of GREEK.split(" ").entries()) {
  NAMED.set(name, String.fromCodePoint(945 + i));
  // Capitals sit 32 below; there is no capital final sigma (U+03A2 is unassigned).
  if (name !== "sigmaf")
    NAMED.set(`${name[0]?.toUpperCase()}${name.slice(1)}`, String.fromCodePoint(913 + i));
}

const REFERENCE = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/g;

/** Unknown names stay as written; invalid code points become U+FFFD. */
export function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(REFERENCE, (whole, dec?: string, hex?: string, name?: string) => {
    if (name !== undefined) return NAMED.get(name) ?? whole;
    const code = dec !== undefined ? Number(dec) : Number.parseInt(hex ?? "", 16);
    const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
    return valid ? String.fromCodePoint(code) : "\uFFFD";
  });
}
