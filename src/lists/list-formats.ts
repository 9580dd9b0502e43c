// A public list as a feed (RSS 2.0, Atom 1.0), and any list as BibTeX or CSV. Pure.
//
// feeds/feed-format.ts writes summaries (author, score, the summary's HTML); a list's items
// are papers with a note, so these are written here with the same XML helpers (feeds/xml.ts:
// escaping, the characters XML forbids dropped, dates).

import { stringify } from "csv-stringify/sync";
import { absoluteUrl, element, rfc822, rfc3339, xmlText } from "../feeds/xml";
import { toBibtex } from "../papers/citation-formats/bibtex";
import { formatPaperId } from "../papers/ids";
import type { ListItem } from "./list-items.service";
import type { ReadingList } from "./reading-lists.service";

export interface ListFeedContext {
  list: ReadingList;
  ownerName: string;
  baseUrl: string;
}

const EPOCH = "1970-01-01T00:00:00.000Z";

/** The list's newest change: its own update, or the latest item added. */
export function listUpdated(list: ReadingList, items: readonly ListItem[]): string {
  let newest = list.updatedAt;
  for (const i of items) if (i.addedAt > newest) newest = i.addedAt;
  return newest || EPOCH;
}

function channelOf(ctx: ListFeedContext) {
  return {
    title: `${ctx.list.name} · a reading list by ${ctx.ownerName}`,
    description: ctx.list.description || `Papers on ${ctx.ownerName}'s reading list.`,
    pageUrl: absoluteUrl(ctx.baseUrl, ctx.list.path),
  };
}

/** The note, or (without one) the paper's authors and year: an item's text. */
function itemText(item: ListItem): string {
  if (item.note !== "") return item.note;
  const p = item.paper;
  return [p.authors.join(", "), p.year === null ? "" : String(p.year)].filter(Boolean).join(", ");
}

export function listRss(ctx: ListFeedContext, items: readonly ListItem[]): string {
  const ch = channelOf(ctx);
  const parts = [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n',
    element("title", ch.title),
    element("link", ch.pageUrl),
    element("description", ch.description),
    `<atom:link href="${xmlText(`${ch.pageUrl}.rss`)}" rel="self" type="application/rss+xml"/>`,
    "<ttl>60</ttl>",
    element("lastBuildDate", rfc822(listUpdated(ctx.list, items))),
    "\n",
  ];
  for (const item of items) {
    const url = absoluteUrl(ctx.baseUrl, item.paper.path);
    parts.push(
      "<item>",
      element("title", item.paper.title),
      element("link", url),
      element("description", itemText(item)),
      // One paper appears once per list: the list and paper make a stable id.
      `<guid isPermaLink="false">${xmlText(`${ch.pageUrl}#paper-${item.paper.id}`)}</guid>`,
      element("pubDate", rfc822(item.addedAt)),
      "</item>\n",
    );
  }
  parts.push("</channel>\n</rss>\n");
  return parts.join("");
}

export function listAtom(ctx: ListFeedContext, items: readonly ListItem[]): string {
  const ch = channelOf(ctx);
  const parts = [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    '<feed xmlns="http://www.w3.org/2005/Atom">\n',
    element("title", ch.title),
    element("subtitle", ch.description),
    element("id", `${ch.pageUrl}.atom`),
    `<link rel="self" type="application/atom+xml" href="${xmlText(`${ch.pageUrl}.atom`)}"/>`,
    `<link rel="alternate" type="text/html" href="${xmlText(ch.pageUrl)}"/>`,
    element("updated", rfc3339(listUpdated(ctx.list, items))),
    `<author>${element("name", ctx.ownerName)}</author>`,
    "\n",
  ];
  for (const item of items) {
    const url = absoluteUrl(ctx.baseUrl, item.paper.path);
    parts.push(
      "<entry>",
      element("title", item.paper.title),
      element("id", `${ch.pageUrl}#paper-${item.paper.id}`),
      `<link rel="alternate" type="text/html" href="${xmlText(url)}"/>`,
      element("updated", rfc3339(item.addedAt)),
      `<summary type="text">${xmlText(itemText(item))}</summary>`,
      "</entry>\n",
    );
  }
  parts.push("</feed>\n");
  return parts.join("");
}

/** Every paper's BibTeX entry, in the list's order; a key seen before gets -2, -3… */
export function listBibtex(items: readonly ListItem[]): string {
  const seen = new Map<string, number>();
  return items
    .map((item) => {
      const entry = toBibtex(item.citable);
      const key = /^@\w+\{([^,]*),/.exec(entry)?.[1] ?? "";
      const n = seen.get(key) ?? 0;
      seen.set(key, n + 1);
      if (n === 0) return entry;
      // Reference managers refuse a .bib with one key twice (two 2017 "attention" papers).
      return entry.replace(`{${key},`, `{${key}-${n + 1},`);
    })
    .join("\n");
}

export const CSV_COLUMNS = [
  "title",
  "authors",
  "year",
  "venue",
  "identifier",
  "url",
  "note",
  "added",
] as const;

/** RFC 4180: a header, then one record per paper, CRLF line ends, quoted where needed. */
export function listCsv(items: readonly ListItem[]): string {
  const rows = items.map((item) => {
    const p = item.paper;
    const id = p.arxivId
      ? formatPaperId({ scheme: "arxiv", value: p.arxivId })
      : p.doi
        ? formatPaperId({ scheme: "doi", value: p.doi })
        : "";
    return [
      p.title,
      p.authors.join("; "),
      p.year === null ? "" : String(p.year),
      p.venue?.name ?? "",
      id,
      item.citable.url,
      item.note,
      item.addedAt,
    ];
  });
  return stringify([[...CSV_COLUMNS], ...rows], { record_delimiter: "windows" });
}

/** A file name for the exports: the slug, which holds only a-z, 0-9 and "-". */
export function exportFileName(list: ReadingList, ext: "bib" | "csv"): string {
  return `${list.slug}.${ext}`;
}
