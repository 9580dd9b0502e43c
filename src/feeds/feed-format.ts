// RSS 2.0 and Atom 1.0 from a list of summaries. Pure: whoever has summaries (the latest, a
// paper's, a user's, a venue's, a search's results) maps them to FeedItem and calls these.

import { element, rfc822, rfc3339, xmlText } from "./xml";

/** One summary as a feed shows it. URLs are absolute. */
export interface FeedItem {
  summaryId: number;
  /** The summary's permalink: link and guid/id. */
  url: string;
  paperTitle: string;
  paperUrl: string;
  /** The author's name, or null for an anonymous summary (shown as "Anonymous"). */
  author: string | null;
  authorUrl: string | null;
  score: number;
  createdAt: string;
  /** Its last save (the original's `edited`): pubDate, Atom `updated`, the feed's order. */
  updatedAt: string;
  /** Plain-text excerpt (the legacy description rule). */
  excerpt: string;
  /** Our stored, sanitized HTML of the summary. */
  html: string;
  /** The legacy namespace's fields (rss.xml, rss-all.xml, rss-full.xml only). */
  legacy?: { arxivId: string | null; bibtexKey: string; description: string };
}

export interface FeedChannel {
  title: string;
  description: string;
  /** The HTML page this feed follows. */
  pageUrl: string;
  /** This feed's own URL (`rel="self"`). */
  selfUrl: string;
}

export const RSS_TYPE = "application/rss+xml; charset=utf-8";
export const ATOM_TYPE = "application/atom+xml; charset=utf-8";

const AUTHOR_ANONYMOUS = "Anonymous";
const EPOCH = "1970-01-01T00:00:00.000Z";
const RSS_TAIL = "</channel>\n</rss>\n";

/** The newest item's update time: the feed's Last-Modified, lastBuildDate and Atom `updated`. */
export function newestUpdate(items: readonly FeedItem[]): string | null {
  let newest: string | null = null;
  for (const i of items) if (newest === null || i.updatedAt > newest) newest = i.updatedAt;
  return newest;
}

export interface RssOptions {
  /** The original's namespace URI (its base URL) when the legacy fields are written. */
  legacyNamespace?: string;
  /** Put the full HTML in content:encoded (the newer feeds, and rss-full.xml). */
  fullHtml: boolean;
}

export function renderRss(channel: FeedChannel, items: readonly FeedItem[], opts: RssOptions) {
  return rssHead(channel, newestUpdate(items), opts) + rssItems(items, opts) + RSS_TAIL;
}

/**
 * The same RSS as renderRss, in pieces as the batches come: the head once the first batch is
 * read (its lastBuildDate is the newest item, and batches come newest first), then one piece
 * per batch, then the tail. Only one batch is held at a time.
 */
export async function* streamRss(
  channel: FeedChannel,
  batches: AsyncIterable<readonly FeedItem[]>,
  opts: RssOptions,
): AsyncGenerator<string> {
  let headSent = false;
  for await (const items of batches) {
    if (!headSent) {
      yield rssHead(channel, newestUpdate(items), opts);
      headSent = true;
    }
    if (items.length > 0) yield rssItems(items, opts);
  }
  if (!headSent) yield rssHead(channel, null, opts);
  yield RSS_TAIL;
}

function rssHead(channel: FeedChannel, newest: string | null, opts: RssOptions): string {
  const ns = [
    'xmlns:atom="http://www.w3.org/2005/Atom"',
    'xmlns:dc="http://purl.org/dc/elements/1.1/"',
    'xmlns:content="http://purl.org/rss/1.0/modules/content/"',
    opts.legacyNamespace ? `xmlns:shortscience="${xmlText(opts.legacyNamespace)}"` : "",
  ].filter(Boolean);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    `<rss version="2.0" ${ns.join(" ")}>\n<channel>\n`,
    element("title", channel.title),
    element("link", channel.pageUrl),
    element("description", channel.description),
    `<atom:link href="${xmlText(channel.selfUrl)}" rel="self" type="application/rss+xml"/>`,
    "<ttl>60</ttl>",
    newest ? element("lastBuildDate", rfc822(newest)) : "",
    "\n",
  ].join("");
}

function rssItems(items: readonly FeedItem[], opts: RssOptions): string {
  return items.map((item) => `${rssItem(item, opts)}\n`).join("");
}

function rssItem(item: FeedItem, opts: RssOptions): string {
  const author = item.author ?? AUTHOR_ANONYMOUS;
  const fields: string[] = [];
  if (opts.legacyNamespace && item.legacy) {
    // As the original wrote them: arxivid only when the paper is on arXiv.
    if (item.legacy.arxivId) fields.push(element("shortscience:arxivid", item.legacy.arxivId));
    fields.push(element("shortscience:bibtexkey", item.legacy.bibtexKey));
    fields.push(element("shortscience:votes", String(item.score)));
  }
  fields.push(element("title", item.paperTitle));
  // The original put the name in <author> (RSS wants an e-mail there); the legacy feeds keep
  // it for their readers, the newer ones use dc:creator, which is meant for a name.
  fields.push(opts.legacyNamespace ? element("author", author) : element("dc:creator", author));
  fields.push(element("description", item.legacy?.description ?? item.excerpt));
  if (opts.fullHtml) fields.push(element("content:encoded", item.html));
  fields.push(element("link", item.url));
  fields.push(`<guid isPermaLink="true">${xmlText(item.url)}</guid>`);
  fields.push(element("pubDate", rfc822(item.updatedAt)));
  return `<item>${fields.join("")}</item>`;
}

export function renderAtom(channel: FeedChannel, items: readonly FeedItem[]): string {
  const parts = [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    '<feed xmlns="http://www.w3.org/2005/Atom">\n',
    element("title", channel.title),
    element("subtitle", channel.description),
    element("id", channel.selfUrl),
    `<link rel="self" type="application/atom+xml" href="${xmlText(channel.selfUrl)}"/>`,
    `<link rel="alternate" type="text/html" href="${xmlText(channel.pageUrl)}"/>`,
    // Atom requires `updated`; an empty feed has no newest item, so it says the epoch.
    element("updated", rfc3339(newestUpdate(items) ?? EPOCH)),
    "\n",
  ];
  for (const item of items) parts.push(atomEntry(item), "\n");
  parts.push("</feed>\n");
  return parts.join("");
}

function atomEntry(item: FeedItem): string {
  const author = item.author ?? AUTHOR_ANONYMOUS;
  return [
    "<entry>",
    element("title", item.paperTitle),
    element("id", item.url),
    `<link rel="alternate" type="text/html" href="${xmlText(item.url)}"/>`,
    `<link rel="related" type="text/html" href="${xmlText(item.paperUrl)}"/>`,
    element("published", rfc3339(item.createdAt)),
    element("updated", rfc3339(item.updatedAt)),
    "<author>",
    element("name", author),
    item.authorUrl ? element("uri", item.authorUrl) : "",
    "</author>",
    `<summary type="text">${xmlText(item.excerpt)}</summary>`,
    `<content type="html">${xmlText(item.html)}</content>`,
    "</entry>",
  ].join("");
}
