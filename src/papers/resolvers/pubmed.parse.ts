// NCBI E-utilities → PaperMetadata. Pure. efetch (db=pubmed, retmode=xml) gives the full
// record with its abstract; esummary (db=pmc, retmode=json) maps a PMCID to its PMID.

import type { IdScheme } from "../ids";
import { statedIds } from "./identifiers";
import { cleanName, cleanText, cleanTitle, yearOf } from "./text";
import type { PaperMetadata } from "./types";
import { asArray, attrOf, child, isRecord, parseXml, textOf } from "./xml";

const ARTICLE_ID: Record<string, IdScheme> = {
  pubmed: "pmid",
  pmid: "pmid",
  doi: "doi",
  pmc: "pmcid",
  pmcid: "pmcid",
};

/** esummary writes some PMCIDs as "pmc-id: PMC123;embargo-date: …". */
function articleId(type: string, value: string): [IdScheme, string] | null {
  const scheme = ARTICLE_ID[type];
  if (!scheme) return null;
  return [scheme, scheme === "pmcid" ? (/PMC\d+/i.exec(value)?.[0] ?? value) : value];
}

/** The first PubmedArticle of an efetch answer; an empty PubmedArticleSet gives null. */
export function parsePubmedXml(xml: string): PaperMetadata | null {
  const doc = parseXml(xml, ["ArticleTitle", "AbstractText", "VernacularTitle"]);
  const entry = asArray(child(child(doc, "PubmedArticleSet"), "PubmedArticle"))[0];
  const citation = child(entry, "MedlineCitation");
  const article = child(citation, "Article");
  // PubMed ends titles with a period and puts translated titles in [brackets].
  const title = cleanTitle(textOf(child(article, "ArticleTitle")))
    .replace(/^\[(.*)\]\.?$/, "$1")
    .replace(/(?<!\.)\.$/, "");
  if (!title) return null;
  const journal = child(article, "Journal");
  const pubDate = child(child(journal, "JournalIssue"), "PubDate");
  const ids = asArray(child(child(child(entry, "PubmedData"), "ArticleIdList"), "ArticleId"));
  const pairs: [IdScheme, string][] = [["pmid", textOf(child(citation, "PMID"))]];
  for (const id of ids) {
    const pair = articleId(attrOf(id, "IdType") ?? "", textOf(id));
    if (pair) pairs.push(pair);
  }
  return {
    title,
    authors: asArray(child(child(article, "AuthorList"), "Author"))
      .map(authorName)
      .filter(Boolean),
    year:
      yearOf(textOf(child(pubDate, "Year")) || textOf(child(pubDate, "MedlineDate"))) ??
      yearOf(textOf(child(asArray(child(article, "ArticleDate"))[0], "Year"))),
    venue: cleanText(textOf(child(journal, "Title"))) || null,
    abstract: asArray(child(child(article, "Abstract"), "AbstractText"))
      .map((part) => {
        const text = cleanText(textOf(part));
        const label = attrOf(part, "Label");
        return label && text ? `${cleanText(label)}: ${text}` : text;
      })
      .filter(Boolean)
      .join("\n\n"),
    identifiers: statedIds(pairs),
    arxivVersion: null,
    categories: [],
    journalRef: null,
    source: "pubmed",
  };
}

function authorName(author: unknown): string {
  // A consortium has only CollectiveName; some people have no ForeName, only LastName.
  const collective = cleanText(textOf(child(author, "CollectiveName")));
  if (collective) return collective;
  const given = textOf(child(author, "ForeName")) || textOf(child(author, "Initials"));
  return cleanName(`${given} ${textOf(child(author, "LastName"))}`);
}

/** The record of one PMC id (digits) in an esummary db=pmc answer, or null. */
export function parsePmcSummary(json: string, pmcDigits: string): PaperMetadata | null {
  let body: unknown;
  try {
    body = JSON.parse(json);
  } catch {
    return null;
  }
  const doc = child(child(body, "result"), pmcDigits);
  if (!isRecord(doc) || doc.error !== undefined) return null;
  const title = cleanTitle(textOf(doc.title)).replace(/(?<!\.)\.$/, "");
  if (!title) return null;
  const pairs: [IdScheme, string][] = [["pmcid", pmcDigits]];
  for (const id of asArray(doc.articleids)) {
    const pair = articleId(textOf(child(id, "idtype")), textOf(child(id, "value")));
    if (pair) pairs.push(pair);
  }
  return {
    title,
    authors: asArray(doc.authors)
      .map((a) => cleanName(textOf(child(a, "name"))))
      .filter(Boolean),
    year: yearOf(textOf(doc.pubdate) || textOf(doc.epubdate)),
    venue: cleanText(textOf(doc.fulljournalname) || textOf(doc.source)) || null,
    abstract: "",
    identifiers: statedIds(pairs),
    arxivVersion: null,
    categories: [],
    journalRef: null,
    source: "pubmed",
  };
}
