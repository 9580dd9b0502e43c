// The floor the import is measured against: the same rows written by plain better-sqlite3,
// with no store logic (no identifier look-ups, no merging, no Kysely, no worker). The file is
// read and parsed by the app's own reader (timed apart: the parse figure), then each batch is
// written (the write figure) as prepared multi-row INSERTs into venues, papers and
// paper_identifiers, with the search triggers in place: the FTS5 index is maintained in the
// same transactions, as the app does. `search: false` drops the papers insert trigger first,
// to show what the index costs. It runs with the SQLite settings the app's import takes
// (import/import-settings.ts): a page cache of IMPORT_SQLITE_CACHE_KB and FTS5 automerge 0
// while it writes, the value found before put back after, so the comparison is like for like.

import Sqlite from "better-sqlite3";
import { DB_ROWS_PER_INSERT, IMPORT_BATCH_SIZE } from "../src/core/limits";
import { readArxivSnapshot } from "../src/import/arxiv-snapshot";
import { DEFAULT_AUTOMERGE, IMPORT_SQLITE_CACHE_KB } from "../src/import/import-settings";
import { openInput } from "../src/import/read-items";
import { fieldsOfRecord, settleSection } from "../src/papers/paper-merge";
import type { PaperRecord } from "../src/papers/paper-record";

export interface BaselineFigures {
  records: number;
  /** Reading and parsing the file on one thread (JSON, TeX and whitespace cleaning). */
  parseSeconds: number;
  /** Writing the rows, search index included unless `search` was false. */
  writeSeconds: number;
  writeRecordsPerSecond: number;
  parseRecordsPerSecond: number;
}

const PAPER_COLUMNS =
  "title, authors, year, venue_id, abstract, categories, section, arxiv_version, created_at, updated_at";

/** Writes the records of `file` into the migrated SQLite database at `dbFile`. */
export async function rawImportBaseline(
  dbFile: string,
  file: string,
  options: { search: boolean },
): Promise<BaselineFigures> {
  const db = new Sqlite(dbFile);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  if (!options.search)
    db.exec("drop trigger search_papers_insert; drop trigger search_titles_insert");
  const stored = db.prepare("select v from search_papers_config where k = 'automerge'").get() as
    | { v: unknown }
    | undefined;
  const automerge = Number(stored?.v);
  const previousAutomerge =
    Number.isInteger(automerge) && automerge > 0 ? automerge : DEFAULT_AUTOMERGE;
  const setAutomerge = (value: number) =>
    db.exec(`insert into search_papers(search_papers, rank) values ('automerge', ${value})`);
  const previousCache = db.pragma("cache_size", { simple: true }) as number;
  setAutomerge(0);
  db.pragma(`cache_size = -${IMPORT_SQLITE_CACHE_KB}`);
  try {
    return await writeAll(db, file);
  } finally {
    db.pragma(`cache_size = ${previousCache}`);
    setAutomerge(previousAutomerge);
    db.close();
  }
}

async function writeAll(db: Sqlite.Database, file: string): Promise<BaselineFigures> {
  const insertPapers = db.prepare(
    `insert into papers (${PAPER_COLUMNS}) values ${Array(DB_ROWS_PER_INSERT).fill("(?,?,?,?,?,?,?,?,?,?)").join(",")} returning id`,
  );
  const insertPaper = db.prepare(
    `insert into papers (${PAPER_COLUMNS}) values (?,?,?,?,?,?,?,?,?,?) returning id`,
  );
  const insertIds = db.prepare(
    `insert into paper_identifiers (paper_id, scheme, value) values ${Array(DB_ROWS_PER_INSERT).fill("(?,?,?)").join(",")}`,
  );
  const insertId = db.prepare(
    "insert into paper_identifiers (paper_id, scheme, value) values (?, ?, ?)",
  );
  const insertVenue = db.prepare(
    "insert into venues (key, name) values (?, ?) on conflict (key) do nothing",
  );
  const venueId = db.prepare("select id from venues where key = ?").pluck();
  const venues = new Map<string, number>();
  const now = new Date().toISOString();

  const write = db.transaction((records: PaperRecord[]) => {
    const idRows: unknown[] = [];
    for (const r of records) {
      if (r.venue && !venues.has(r.venue.key)) {
        insertVenue.run(r.venue.key, r.venue.name);
        venues.set(r.venue.key, venueId.get(r.venue.key) as number);
      }
    }
    for (let start = 0; start < records.length; start += DB_ROWS_PER_INSERT) {
      const part = records.slice(start, start + DB_ROWS_PER_INSERT);
      const params: unknown[] = [];
      for (const r of part) {
        const f = fieldsOfRecord(r);
        settleSection(f);
        const venue = r.venue ? (venues.get(r.venue.key) ?? null) : null;
        const cats = f.categories.join(" ");
        const authors = JSON.stringify(f.authors);
        params.push(f.title, authors, f.year, venue, f.abstract, cats, f.section, f.arxivVersion);
        params.push(now, now);
      }
      const ids =
        part.length === DB_ROWS_PER_INSERT
          ? (insertPapers.all(params) as { id: number }[]).map((row) => row.id)
          : part.map(
              (_, i) => (insertPaper.get(params.slice(i * 10, i * 10 + 10)) as { id: number }).id,
            );
      ids.sort((a, b) => a - b);
      part.forEach((r, i) => {
        for (const id of r.identifiers) idRows.push(ids[i], id.scheme, id.value);
      });
    }
    const full = DB_ROWS_PER_INSERT * 3;
    let at = 0;
    for (; at + full <= idRows.length; at += full) insertIds.run(idRows.slice(at, at + full));
    for (; at < idRows.length; at += 3) insertId.run(idRows.slice(at, at + 3));
  });

  let parseMs = 0;
  let writeMs = 0;
  let records = 0;
  let batch: PaperRecord[] = [];
  const position = { bytesRead: 0 };
  let mark = performance.now();
  for await (const items of readArxivSnapshot(openInput(file, position))) {
    for (const item of items) if ("record" in item) batch.push(item.record);
    if (batch.length < IMPORT_BATCH_SIZE) continue;
    const parsed = performance.now();
    parseMs += parsed - mark;
    write(batch);
    records += batch.length;
    batch = [];
    mark = performance.now();
    writeMs += mark - parsed;
  }
  const parsed = performance.now();
  parseMs += parsed - mark;
  write(batch);
  records += batch.length;
  writeMs += performance.now() - parsed;
  return {
    records,
    parseSeconds: parseMs / 1000,
    writeSeconds: writeMs / 1000,
    writeRecordsPerSecond: records / (writeMs / 1000),
    parseRecordsPerSecond: records / (parseMs / 1000),
  };
}
