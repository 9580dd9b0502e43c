// Author display names ("Christopher De Sa") → family and given parts, for the formats that
// want "Family, Given" (BibTeX, RIS, Zotero's citation_author). Pure. Names arrive as one
// string from the metadata services, so this is a heuristic: the last word is the family
// name, extended leftwards over particles; a name that already has a comma is taken as
// "Family, Given" or "Family, Suffix, Given"; organisations are kept whole.

export interface AuthorName {
  /** The name as stored, whitespace collapsed. */
  full: string;
  family: string;
  given: string;
  suffix: string;
  /** An organisation or a one-word name: never split, cited as written. */
  literal: boolean;
}

// Lower-case particles are always part of the family name ("van Beethoven"). Capitalized
// ones only when unambiguous: Di, Da, Du, Le, La are also Chinese and Vietnamese given
// names ("Xiao Di Wang"), so those count only in lower case.
const PARTICLES = new Set([
  "de",
  "del",
  "della",
  "der",
  "den",
  "des",
  "di",
  "da",
  "do",
  "dos",
  "das",
  "du",
  "la",
  "le",
  "van",
  "von",
  "ten",
  "ter",
  "zu",
  "bin",
  "ibn",
  "al",
  "el",
  "st.",
]);
const CAPITALIZED_PARTICLES = new Set(["De", "Del", "Della", "Der", "Den", "Des", "Van", "Von"]);
const SUFFIX = /^(?:jr\.?|sr\.?|ii|iii|iv)$/i;
const ORGANISATION =
  /\b(?:collaboration|consortium|team|group|committee|association|society|institute|university|laboratory|initiative|organi[sz]ation|council|foundation|agency|project)\b/i;

export function splitName(name: string): AuthorName {
  const full = name.replace(/\s+/g, " ").trim();
  const literal = (family: string): AuthorName => ({
    full,
    family,
    given: "",
    suffix: "",
    literal: true,
  });
  if (full.includes(",")) {
    const parts = full.split(",").map((s) => s.trim());
    const [family = "", second = "", third] = parts;
    if (!family) return literal(full.replace(/^,\s*/, ""));
    if (third !== undefined && parts.length === 3) {
      return { full, family, given: third, suffix: second, literal: false };
    }
    return { full, family, given: parts.slice(1).join(" ").trim(), suffix: "", literal: false };
  }
  const words = full.split(" ").filter((w) => w !== "");
  if (words.length <= 1 || ORGANISATION.test(full)) return literal(full);
  let suffix = "";
  if (words.length >= 3 && SUFFIX.test(words.at(-1) ?? "")) suffix = words.pop() ?? "";
  let start = words.length - 1;
  while (start > 1 && isParticle(words[start - 1] ?? "")) start--;
  return {
    full,
    family: words.slice(start).join(" "),
    given: words.slice(0, start).join(" "),
    suffix,
    literal: false,
  };
}

function isParticle(word: string): boolean {
  return PARTICLES.has(word) || CAPITALIZED_PARTICLES.has(word);
}

/** "Family, Given" (or "Family, Suffix, Given"): what RIS and Zotero read unambiguously. */
export function familyFirst(n: AuthorName): string {
  if (n.literal || !n.given) return n.literal ? n.full : n.family;
  return n.suffix ? `${n.family}, ${n.suffix}, ${n.given}` : `${n.family}, ${n.given}`;
}
