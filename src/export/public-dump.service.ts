// `shortscience export DIR`: everything the public can read, as JSON Lines, under the licence
// the about page states. Written into DIR/.tmp first and moved into DIR only when every file
// is complete, so DIR never holds a half-written dump. Read in keyset pages and written with
// the streams' backpressure: memory stays flat whatever the database holds.

import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Kysely } from "kysely";
import { EXPORT_READ_BATCH } from "../core/limits";
import type { Database } from "../db/schema";
import { decodeAuthors, decodeCategories } from "../papers/papers.mapper";
import {
  identifiersOf,
  listedCommentsPage,
  listedSummariesPage,
  papersPage,
  revisionsOf,
  voteTotalsPage,
} from "./public-dump.repo";

export const DUMP_LICENCE = {
  name: "CC BY 4.0",
  url: "https://creativecommons.org/licenses/by/4.0/",
  covers: "summaries, their revisions and comments; paper details are facts from their sources",
};

export type DumpCounts = Record<"papers" | "summaries" | "votes" | "comments", number>;

/** Writes one JSON Lines file from keyset pages; returns how many lines it wrote. */
async function writeLines<R extends { id: number }>(
  path: string,
  page: (after: number) => Promise<R[]>,
  toLines: (rows: R[]) => Promise<unknown[]>,
): Promise<number> {
  const out = createWriteStream(path, { encoding: "utf8" });
  let count = 0;
  try {
    for (let after = 0; ; ) {
      const rows = await page(after);
      if (rows.length === 0) break;
      for (const line of await toLines(rows)) {
        if (!out.write(`${JSON.stringify(line)}\n`)) await once(out, "drain");
        count++;
      }
      after = (rows.at(-1) as R).id;
    }
  } finally {
    out.end();
    await once(out, "close");
  }
  return count;
}

function group<T extends Record<K, number>, K extends string>(rows: T[], key: K): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const r of rows) m.set(r[key], [...(m.get(r[key]) ?? []), r]);
  return m;
}

export async function exportPublicDump(db: Kysely<Database>, dir: string): Promise<DumpCounts> {
  const tmp = join(dir, ".tmp");
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  const n = EXPORT_READ_BATCH;
  const papers = await writeLines(
    join(tmp, "papers.jsonl"),
    (after) => papersPage(db, after, n),
    async (rows) => {
      const ids = group(
        await identifiersOf(
          db,
          rows.map((r) => r.id),
        ),
        "paper_id",
      );
      return rows.map((p) => ({
        id: p.id,
        title: p.title,
        authors: decodeAuthors(p.authors),
        year: p.year,
        venue: p.venue_key ? { key: p.venue_key, name: p.venue_name } : null,
        categories: decodeCategories(p.categories),
        abstract: p.abstract,
        identifiers: (ids.get(p.id) ?? []).map((i) => ({ scheme: i.scheme, value: i.value })),
      }));
    },
  );
  // Fewer summaries a page: each brings all its revisions (up to 100 KB each).
  const summaries = await writeLines(
    join(tmp, "summaries.jsonl"),
    (after) => listedSummariesPage(db, after, Math.max(1, Math.floor(n / 10))),
    async (rows) => {
      const revisions = group(
        await revisionsOf(
          db,
          rows.map((r) => r.id),
        ),
        "summary_id",
      );
      return rows.map((s) => ({
        id: s.id,
        paper_id: s.paper_id,
        // An anonymous summary's author is never named, here as on its page.
        author: s.is_anonymous ? null : s.username,
        anonymous: s.is_anonymous === 1,
        score: s.score,
        created_at: s.created_at,
        updated_at: s.updated_at,
        edited_at: s.edited_at,
        source: s.source,
        revisions: (revisions.get(s.id) ?? []).map((r) => ({
          created_at: r.created_at,
          source: r.source,
        })),
      }));
    },
  );
  const votes = await writeLines(
    join(tmp, "votes.jsonl"),
    async (after) => (await voteTotalsPage(db, after, n)).map((v) => ({ ...v, id: v.summary_id })),
    async (rows) =>
      rows.map((v) => ({
        summary_id: v.summary_id,
        score: Number(v.score),
        up: Number(v.up),
        down: Number(v.down),
      })),
  );
  const comments = await writeLines(
    join(tmp, "comments.jsonl"),
    (after) => listedCommentsPage(db, after, n),
    async (rows) =>
      rows.map((c) => ({
        id: c.id,
        summary_id: c.summary_id,
        parent_id: c.parent_id,
        author: c.username,
        created_at: c.created_at,
        edited_at: c.edited_at,
        source: c.source,
      })),
  );
  const counts = { papers, summaries, votes, comments };
  const manifest = {
    format: "shortscience-public-dump",
    version: 1,
    created_at: new Date().toISOString(),
    licence: DUMP_LICENCE,
    files: Object.fromEntries(Object.entries(counts).map(([k, v]) => [`${k}.jsonl`, v])),
  };
  await writeFile(join(tmp, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const file of [...Object.keys(manifest.files), "manifest.json"]) {
    await rename(join(tmp, file), join(dir, file));
  }
  await rm(tmp, { recursive: true, force: true });
  return counts;
}
