// What a paper page tells reference managers and search engines in its <head>: Highwire Press
// `citation_*` meta tags (read by Zotero's "Embedded Metadata" translator and Google Scholar)
// and a schema.org ScholarlyArticle as JSON-LD. Pure: plain data and text; the markup is in
// views/citation-meta.tsx.

import { externalUrl } from "../ids";
import { type CitablePaper, citedKind, oneLine } from "./citable";
import { familyFirst, splitName } from "./names";

export interface MetaTag {
  name: string;
  content: string;
}

export function citationMetaTags(p: CitablePaper): MetaTag[] {
  const tags: MetaTag[] = [{ name: "citation_title", content: oneLine(p.title) }];
  // "Family, Given": Zotero splits a name without a comma at its last space, which would
  // turn "Christopher De Sa" into given "Christopher De", family "Sa".
  for (const author of p.authors) {
    const name = oneLine(author);
    if (name) tags.push({ name: "citation_author", content: familyFirst(splitName(name)) });
  }
  if (p.year !== null) tags.push({ name: "citation_publication_date", content: String(p.year) });
  const kind = citedKind(p);
  if (p.venue && kind === "journal") {
    tags.push({ name: "citation_journal_title", content: oneLine(p.venue.name) });
  }
  if (p.venue && kind === "conference") {
    tags.push({ name: "citation_conference_title", content: oneLine(p.venue.name) });
  }
  if (p.doi) tags.push({ name: "citation_doi", content: p.doi });
  if (p.arxivId) tags.push({ name: "citation_arxiv_id", content: p.arxivId });
  if (p.pdfUrl) tags.push({ name: "citation_pdf_url", content: p.pdfUrl });
  tags.push({ name: "citation_abstract_html_url", content: p.url });
  return tags;
}

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export function jsonLd(p: CitablePaper): { [key: string]: Json } {
  const title = oneLine(p.title);
  const doc: { [key: string]: Json } = {
    "@context": "https://schema.org",
    "@type": "ScholarlyArticle",
    headline: title,
    name: title,
    url: p.url,
  };
  const authors = p.authors.map(oneLine).filter((a) => a !== "");
  if (authors.length > 0) doc.author = authors.map(person);
  if (p.year !== null) doc.datePublished = String(p.year);
  const identifiers: Json[] = [];
  const sameAs: string[] = [];
  if (p.doi) {
    identifiers.push({ "@type": "PropertyValue", propertyID: "DOI", value: p.doi });
    sameAs.push(externalUrl({ scheme: "doi", value: p.doi }));
  }
  if (p.arxivId) {
    identifiers.push({ "@type": "PropertyValue", propertyID: "arXiv", value: p.arxivId });
    sameAs.push(externalUrl({ scheme: "arxiv", value: p.arxivId }));
  }
  if (identifiers.length > 0) doc.identifier = identifiers;
  if (sameAs.length > 0) doc.sameAs = sameAs;
  if (p.venue) {
    // A journal is a schema.org Periodical; proceedings and preprint servers are plain works.
    const type = citedKind(p) === "journal" ? "Periodical" : "CreativeWork";
    doc.isPartOf = { "@type": type, name: oneLine(p.venue.name) };
  }
  if (p.abstract.trim()) doc.abstract = oneLine(p.abstract);
  return doc;
}

function person(display: string): Json {
  const n = splitName(display);
  if (n.literal) return { "@type": n.full.includes(" ") ? "Organization" : "Person", name: n.full };
  const out: { [key: string]: Json } = { "@type": "Person", name: n.full, familyName: n.family };
  if (n.given) out.givenName = n.given;
  if (n.suffix) out.honorificSuffix = n.suffix;
  return out;
}

/**
 * JSON as text safe inside a <script> element: `<`, `>` and `&` as \u escapes, so no
 * "</script>" or "<!--" in a title can end or confuse the block, and U+2028 / U+2029 escaped
 * for tools that still read JSON as JavaScript. JSON.parse gives back the same value.
 */
export function scriptSafeJson(value: Json): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** The paper's JSON-LD, ready for <script type="application/ld+json">. */
export function jsonLdText(p: CitablePaper): string {
  return scriptSafeJson(jsonLd(p));
}
