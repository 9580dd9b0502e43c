// `shortscience import shortscience-mysql DUMP.sql`: the original site's MySQL dump into our
// tables. The dump is read three times, streamed (mysql-dump.ts: memory stays bounded whatever
// its size), because its tables refer to each other and mysqldump writes them in alphabetical
// order (comments first): users and papers, then vignettes (summaries), then votes and
// comments. Each batch commits on its own; a bad row is skipped and counted, never fatal, and
// every row is found again on a re-run through legacy_keys.

import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import type { Kysely } from "kysely";
import {
  IMPORT_BAD_SAMPLES,
  LEGACY_DUMP_MAX_COLUMNS,
  LEGACY_DUMP_MAX_FIELD_BYTES,
  LEGACY_DUMP_MAX_ROW_BYTES,
  LEGACY_IMPORT_BATCH,
} from "../core/limits";
import type { RenderFn } from "../core/render-contract";
import type { Database } from "../db/schema";
import type { VenueCache } from "../papers/paper-store.service";
import { importLegacyUsers } from "./legacy-accounts.service";
import {
  type BatchOutcome,
  importLegacyComments,
  importLegacyPapers,
  importLegacyVignettes,
  importLegacyVotes,
} from "./legacy-content.service";
import {
  type Fields,
  fieldsOf,
  LegacyRowError,
  legacyComment,
  legacyPaper,
  legacyUser,
  legacyVignette,
  legacyVote,
} from "./legacy-rows";
import { readDump } from "./mysql-dump";

export type LegacyTable = "users" | "papers" | "vignettes" | "votes" | "comments";

export interface TableCounts {
  read: number;
  written: number;
  unchanged: number;
  skipped: number;
}

export interface LegacyImportReport {
  tables: Record<LegacyTable, TableCounts>;
  /** Rows the dump's syntax or a field made unreadable, and rows skipped (orphans, limits). */
  bad: number;
  badSamples: { line: number; message: string }[];
  renamedUsers: number;
  renamedSamples: { from: string; to: string }[];
  emailsDropped: number;
  selfVotes: number;
  /** Rows of the original's other tables (venues, visits, sections, …), read and left. */
  ignored: number;
  elapsedMs: number;
}

const PASSES: LegacyTable[][] = [["users", "papers"], ["vignettes"], ["votes", "comments"]];
const READERS: Record<LegacyTable, (f: Fields) => object> = {
  users: legacyUser,
  papers: legacyPaper,
  vignettes: legacyVignette,
  votes: legacyVote,
  comments: legacyComment,
};

function openDump(file: string): AsyncIterable<Buffer> {
  const raw = createReadStream(file, { highWaterMark: 1 << 16 });
  return file.endsWith(".gz") ? raw.pipe(createGunzip()) : raw;
}

export async function importLegacyDump(
  db: Kysely<Database>,
  render: RenderFn,
  file: string,
): Promise<LegacyImportReport> {
  const started = Date.now();
  const counts = () => ({ read: 0, written: 0, unchanged: 0, skipped: 0 });
  const report: LegacyImportReport = {
    tables: {
      users: counts(),
      papers: counts(),
      vignettes: counts(),
      votes: counts(),
      comments: counts(),
    },
    bad: 0,
    badSamples: [],
    renamedUsers: 0,
    renamedSamples: [],
    emailsDropped: 0,
    selfVotes: 0,
    ignored: 0,
    elapsedMs: 0,
  };
  const skip = (line: number, message: string) => {
    report.bad++;
    if (report.badSamples.length < IMPORT_BAD_SAMPLES) report.badSamples.push({ line, message });
  };
  const venues: VenueCache = new Map();

  const flush = async (table: LegacyTable, rows: (object & { line: number })[]) => {
    if (rows.length === 0) return;
    const t = report.tables[table];
    let outcome: BatchOutcome;
    if (table === "users") {
      const users = rows as (ReturnType<typeof legacyUser> & { line: number })[];
      const r = await importLegacyUsers(db, render, users, (u, message) =>
        skip((u as { line?: number }).line ?? 0, `user ${u.id}: ${message}`),
      );
      report.renamedUsers += r.renamed.length;
      for (const x of r.renamed)
        if (report.renamedSamples.length < 20) report.renamedSamples.push(x);
      report.emailsDropped += r.emailsDropped;
      outcome = { written: r.created, unchanged: r.unchanged, skipped: 0 };
    } else if (table === "papers") {
      outcome = await importLegacyPapers(db, rows as never, venues);
    } else if (table === "vignettes") {
      outcome = await importLegacyVignettes(db, render, rows as never, skip);
    } else if (table === "votes") {
      const r = await importLegacyVotes(db, rows as never, skip);
      report.selfVotes += r.selfVotes;
      outcome = r;
    } else outcome = await importLegacyComments(db, render, rows as never, skip);
    t.written += outcome.written;
    t.unchanged += outcome.unchanged;
    t.skipped += outcome.skipped;
  };

  for (const [pass, tables] of PASSES.entries()) {
    const batches = new Map<LegacyTable, (object & { line: number })[]>(tables.map((t) => [t, []]));
    const limits = {
      maxFieldBytes: LEGACY_DUMP_MAX_FIELD_BYTES,
      maxRowBytes: LEGACY_DUMP_MAX_ROW_BYTES,
      maxColumns: LEGACY_DUMP_MAX_COLUMNS,
    };
    for await (const events of readDump(openDump(file), limits)) {
      for (const e of events) {
        if (e.kind === "bad") {
          // The syntax is the same on every pass: its problems are counted on the first only.
          if (pass === 0) skip(e.line, `${e.table ?? "?"}: ${e.message}`);
          continue;
        }
        const table = e.table as LegacyTable;
        const batch = batches.get(table);
        if (!batch) {
          if (pass === 0 && !Object.hasOwn(READERS, table)) report.ignored++;
          continue;
        }
        report.tables[table].read++;
        try {
          batch.push({ ...READERS[table](fieldsOf(e.columns, e.values, table)), line: e.line });
        } catch (error) {
          if (!(error instanceof LegacyRowError)) throw error;
          report.tables[table].skipped++;
          skip(e.line, `${table}: ${error.message}`);
          continue;
        }
        if (batch.length >= LEGACY_IMPORT_BATCH) {
          await flush(table, batch.splice(0));
        }
      }
    }
    for (const [table, batch] of batches) await flush(table, batch.splice(0));
  }
  report.elapsedMs = Date.now() - started;
  return report;
}
