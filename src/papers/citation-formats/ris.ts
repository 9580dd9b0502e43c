// RIS for one paper (the format EndNote, Zotero, Mendeley and Papers import). Pure.
// Each line is "TG  - value" and ends in CRLF, as the RIS specification says; values are one
// line each (newlines in abstracts would otherwise start bogus tags). UTF-8, no escaping:
// RIS has none.

import { type CitablePaper, citedKind, oneLine, paperUrl } from "./citable";
import { familyFirst, splitName } from "./names";

// CPAPER is a paper in conference proceedings (CONF is the whole proceedings volume);
// UNPB, "unpublished work", is the nearest RIS type to a preprint.
const TYPE = { journal: "JOUR", conference: "CPAPER", preprint: "UNPB" } as const;

export function toRis(p: CitablePaper): string {
  const kind = citedKind(p);
  const lines: [string, string][] = [["TY", TYPE[kind]]];
  lines.push(["TI", p.title]);
  for (const author of p.authors) {
    const name = oneLine(author);
    if (name) lines.push(["AU", familyFirst(splitName(name))]);
  }
  if (p.year !== null) lines.push(["PY", String(p.year)]);
  if (p.venue) lines.push([kind === "journal" ? "JO" : "T2", p.venue.name]);
  if (p.arxivId) {
    // No RIS tag names an eprint: the arXiv id goes in a note, which every reader keeps.
    const category = p.primaryCategory ? ` [${p.primaryCategory}]` : "";
    lines.push(["N1", `arXiv:${p.arxivId}${category}`]);
  }
  if (p.doi) lines.push(["DO", p.doi]);
  lines.push(["UR", paperUrl(p)]);
  if (p.pdfUrl) lines.push(["L1", p.pdfUrl]);
  if (p.abstract.trim()) lines.push(["AB", p.abstract]);
  if (p.unconfirmedNote) lines.push(["N1", p.unconfirmedNote]);
  const body = lines.map(([tag, value]) => `${tag}  - ${oneLine(stripControls(value))}\r\n`);
  return `${body.join("")}ER  - \r\n`;
}

function stripControls(text: string): string {
  return text.replace(/[\p{Cc}\u2028\u2029]/gu, " ");
}
