// The sitemap's pages as text, written batch by batch from keyset-paged reads (sitemap.repo).

import type { Kysely } from "kysely";
import { PAGE_READ_DEADLINE_MS } from "../core/limits";
import type { Database } from "../db/schema";
import { canonicalPaperPath } from "../papers/paper-paths";
import { listIdentifiers } from "./feeds.repo";
import {
  countSitemapRows,
  listSitemapRows,
  type SitemapKind,
  type SitemapRow,
  sitemapIdAt,
} from "./sitemap.repo";
import { absoluteUrl, rfc3339, xmlText } from "./xml";

export type { SitemapKind } from "./sitemap.repo";
export const SITEMAP_KINDS: readonly SitemapKind[] = ["papers", "summaries", "users"];
export const SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9";

type Db = Kysely<Database>;

/** `deadline`: one for all the counts a page makes (PAGE_READ_DEADLINE_MS on SQLite). */
export async function countSitemapPages(
  db: Db,
  kind: SitemapKind,
  pageSize: number,
  deadline = Date.now() + PAGE_READ_DEADLINE_MS,
) {
  return Math.ceil((await countSitemapRows(db, kind, deadline)) / pageSize);
}

/** The first id of page `n` (from 1), or null when there is no such page. */
export function sitemapPageStart(db: Db, kind: SitemapKind, n: number, pageSize: number) {
  return sitemapIdAt(db, kind, (n - 1) * pageSize);
}

/** A sitemap page: `pageSize` URLs from id `from` on, written batch by batch. */
export async function* urlset(
  db: Db,
  baseUrl: string,
  kind: SitemapKind,
  from: number,
  pageSize: number,
  batchSize: number,
): AsyncGenerator<string> {
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="${SITEMAP_NS}">\n`;
  let next = from;
  let left = pageSize;
  while (left > 0) {
    const rows = await listSitemapRows(db, kind, next, Math.min(batchSize, left));
    const last = rows.at(-1);
    if (!last) break;
    yield (await locations(db, baseUrl, kind, rows)).join("");
    left -= rows.length;
    next = last.id + 1;
  }
  yield "</urlset>\n";
}

async function locations(
  db: Db,
  baseUrl: string,
  kind: SitemapKind,
  rows: SitemapRow[],
): Promise<string[]> {
  let pathOf = (r: SitemapRow) => `/summary/${r.id}`;
  if (kind === "users") pathOf = (r) => `/user/${encodeURIComponent(r.username ?? "")}`;
  if (kind === "papers") {
    const byPaper = new Map<number, { scheme: string; value: string }[]>();
    for (const i of await listIdentifiers(
      db,
      rows.map((r) => r.id),
    )) {
      byPaper.set(i.paper_id, [...(byPaper.get(i.paper_id) ?? []), i]);
    }
    pathOf = (r) => canonicalPaperPath(r.id, byPaper.get(r.id) ?? []);
  }
  return rows.map(
    (r) =>
      `<url><loc>${xmlText(absoluteUrl(baseUrl, pathOf(r)))}</loc><lastmod>${rfc3339(r.lastmod)}</lastmod></url>\n`,
  );
}
