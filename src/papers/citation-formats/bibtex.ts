// BibTeX for one paper. Pure. Field values are always braced (never quoted), so `"` and `@`
// need no escaping; see latex.ts for what is escaped and why.
//
// Entry type: @article for a journal venue, @inproceedings for a conference venue, @misc
// (with the arXiv eprint fields, as arXiv's own export does) for preprints and papers without
// a venue. The venue kind comes from venueKind() in citable.ts.

import { type CitablePaper, citedKind, oneLine, paperUrl } from "./citable";
import { bibtexTitle, escapeLatex, verbatimValue } from "./latex";
import { type AuthorName, splitName } from "./names";

const ENTRY_TYPE = { journal: "article", conference: "inproceedings", preprint: "misc" } as const;

// Skipped when choosing the title word of the key, as Google Scholar and DBLP keys do.
const STOP_WORDS = new Set(
  (
    "a an the on of in for to and or with without from by at as is are be do does via " +
    "towards toward into over under about using what when why how can we our its it not no"
  ).split(" "),
);

/** Letters and digits only, accents removed, lower case: safe in a key and a file name. */
function asciiFold(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[øØ]/g, "o")
    .replace(/[æÆ]/g, "ae")
    .replace(/[œŒ]/g, "oe")
    .replace(/ß/g, "ss")
    .replace(/[łŁ]/g, "l")
    .replace(/[đĐðÐ]/g, "d")
    .replace(/[þÞ]/g, "th")
    .replace(/ı/g, "i")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

/**
 * A stable key: first author's family name + year + first significant title word, e.g.
 * `gomez2017reversible`. The same paper always gets the same key, so re-exports don't
 * duplicate entries in a reader's .bib file.
 */
export function citationKey(p: CitablePaper): string {
  const first = p.authors[0] === undefined ? null : splitName(p.authors[0]);
  // A family name of several words is one key part ("De Sa" → desa); an organisation
  // ("The ATLAS Collaboration") is keyed by its first significant word.
  const author = !first
    ? ""
    : first.literal
      ? firstSignificant(first.full)
      : asciiFold(first.family);
  const word = firstSignificant(oneLine(p.title).replace(/\$[^$]*\$/g, " "));
  return `${author || "anon"}${p.year ?? ""}${word}`.slice(0, 60);
}

function firstSignificant(text: string): string {
  const words = text.split(/[^\p{L}\p{N}]+/u).map(asciiFold);
  return words.find((w) => w.length > 1 && !STOP_WORDS.has(w) && /[a-z]/.test(w)) ?? "";
}

/** "Family, Given" with each part escaped; `and` inside a part braced so it can't split. */
function bibtexAuthor(n: AuthorName): string {
  if (n.literal) return `{${escapeLatex(n.full)}}`;
  const part = (s: string) => {
    const escaped = escapeLatex(s);
    return /(^|\s)and(\s|$)/i.test(s) ? `{${escaped}}` : escaped;
  };
  const parts = [part(n.family)];
  if (n.suffix) parts.push(part(n.suffix));
  if (n.given) parts.push(part(n.given));
  return parts.join(", ");
}

export function toBibtex(p: CitablePaper): string {
  const kind = citedKind(p);
  const fields: [string, string][] = [["title", bibtexTitle(oneLine(p.title))]];
  const authors = p.authors.map((a) => oneLine(a)).filter((a) => a !== "");
  if (authors.length > 0) {
    fields.push(["author", authors.map((a) => bibtexAuthor(splitName(a))).join(" and ")]);
  }
  if (p.venue && kind === "journal") fields.push(["journal", escapeLatex(oneLine(p.venue.name))]);
  if (p.venue && kind === "conference") {
    fields.push(["booktitle", escapeLatex(oneLine(p.venue.name))]);
  }
  // A non-arXiv preprint server (bioRxiv, SSRN) has no eprint fields: name it instead.
  if (p.venue && kind === "preprint" && !p.arxivId) {
    fields.push(["howpublished", escapeLatex(oneLine(p.venue.name))]);
  }
  if (p.year !== null) fields.push(["year", String(p.year)]);
  if (p.arxivId) {
    fields.push(["eprint", verbatimValue(p.arxivId)]);
    fields.push(["archivePrefix", "arXiv"]);
    if (p.primaryCategory) fields.push(["primaryClass", escapeLatex(p.primaryCategory)]);
  }
  if (p.doi) fields.push(["doi", verbatimValue(p.doi)]);
  fields.push(["url", verbatimValue(paperUrl(p))]);
  if (p.unconfirmedNote) fields.push(["note", escapeLatex(p.unconfirmedNote)]);
  const body = fields.map(([name, value]) => `  ${name} = {${value}}`).join(",\n");
  return `@${ENTRY_TYPE[kind]}{${citationKey(p)},\n${body}\n}\n`;
}
