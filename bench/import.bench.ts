// Bulk import speed and memory: a generated arXiv-snapshot file (bench/arxiv-records.ts,
// ~2 KB a record, shaped like the real one) into a fresh SQLite database through the same
// import service as `shortscience import arxiv`, and in the same run the floor it is measured
// against: the same rows written by plain better-sqlite3 (bench/import-baseline.ts), with and
// without the search index, and the same import with the search trigger dropped, to show
// where the time goes. RSS is sampled while the app's import runs: a streaming import keeps
// it flat whatever the file size.

import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { connect, migrateToLatest } from "../src/db/connect";
import { importFile } from "../src/import/import.service";
import { generateSnapshot } from "./arxiv-records";
import { type BaselineFigures, rawImportBaseline } from "./import-baseline";

export { generateSnapshot } from "./arxiv-records";

const RECORDS = 200_000;
/** One RSS sample every this many committed batches. */
const RSS_SAMPLE_BATCHES = 10;

export interface ImportFigures {
  records: number;
  seconds: number;
  recordsPerSecond: number;
  peakRssMb: number;
  rssSamplesMb: number[];
  fileMb: number;
  bytesPerRecord: number;
  /** The app's import with the papers search trigger dropped (never done outside a bench). */
  withoutSearch: { seconds: number; recordsPerSecond: number };
  /** Plain better-sqlite3 multi-row inserts of the same rows (see import-baseline.ts). */
  baseline: {
    /** What the baseline includes, for the printed report. */
    includes: string;
    withSearch: BaselineFigures;
    withoutSearch: BaselineFigures;
  };
}

async function freshDatabase(dir: string, name: string) {
  const db = connect(`sqlite:${join(dir, name)}`);
  await migrateToLatest(db);
  return db;
}

/** The app's import of `file` into a fresh database; RSS sampled when `rss` is given. */
async function appImport(dir: string, name: string, file: string, search: boolean, rss?: number[]) {
  const db = await freshDatabase(dir, name);
  try {
    if (!search) {
      await sql`drop trigger search_papers_insert`.execute(db.kysely);
      await sql`drop trigger search_titles_insert`.execute(db.kysely);
    }
    // RSS of the whole process (both threads), after committed batches: the main thread is
    // too busy for a timer to fire on time.
    const mb = () => process.memoryUsage.rss() / 1e6;
    rss?.push(mb());
    const started = performance.now();
    const report = await importFile(db.kysely, "arxiv", file, {
      onProgress: (p) => {
        if (rss && p.batches % RSS_SAMPLE_BATCHES === 0) rss.push(mb());
      },
    });
    const seconds = (performance.now() - started) / 1000;
    rss?.push(mb());
    return { records: report.records, seconds, recordsPerSecond: report.records / seconds };
  } finally {
    await db.close();
  }
}

export async function benchImport(records = RECORDS): Promise<ImportFigures> {
  const dir = mkdtempSync(join(tmpdir(), "shortscience-bench-import-"));
  const file = join(dir, "arxiv-snapshot.jsonl");
  try {
    await generateSnapshot(file, records);
    const rssSamplesMb: number[] = [];
    const app = await appImport(dir, "app.db", file, true, rssSamplesMb);
    const withoutSearch = await appImport(dir, "app-nosearch.db", file, false);
    const baseline = async (name: string, search: boolean) => {
      await (await freshDatabase(dir, name)).close();
      return rawImportBaseline(join(dir, name), file, { search });
    };
    const fileBytes = statSync(file).size;
    return {
      records: app.records,
      seconds: app.seconds,
      recordsPerSecond: app.recordsPerSecond,
      peakRssMb: Math.max(...rssSamplesMb),
      rssSamplesMb,
      fileMb: fileBytes / 1e6,
      bytesPerRecord: fileBytes / records,
      withoutSearch: {
        seconds: withoutSearch.seconds,
        recordsPerSecond: withoutSearch.recordsPerSecond,
      },
      baseline: {
        includes:
          "venues, papers (500-row INSERT … RETURNING id) and paper_identifiers (500-row INSERT), " +
          "prepared once, 2,000 records a transaction, FTS5 index by the papers trigger; rows " +
          "already parsed (parsing timed apart, on one thread); no identifier look-ups or merging; " +
          "the import's SQLite settings (64 MiB page cache, FTS5 automerge 0)",
        withSearch: await baseline("raw.db", true),
        withoutSearch: await baseline("raw-nosearch.db", false),
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The report's lines (bench/run.ts prints them too). */
export function importLines(r: ImportFigures): string[] {
  const every = Math.ceil(r.rssSamplesMb.length / 12);
  const rss = r.rssSamplesMb.filter((_, i) => i % every === 0).map((m) => m.toFixed(0));
  const rate = (n: number) => `${n.toFixed(0)} records/s`;
  const b = r.baseline;
  return [
    `import: ${r.records} records (${r.fileMb.toFixed(0)} MB, ${r.bytesPerRecord.toFixed(0)} B each) ` +
      `in ${r.seconds.toFixed(1)} s = ${rate(r.recordsPerSecond)}, peak RSS ${r.peakRssMb.toFixed(0)} MB`,
    `  RSS samples (MB): ${rss.join(" ")}`,
    `  the same import without the search index: ${rate(r.withoutSearch.recordsPerSecond)}`,
    `  raw baseline writes, with the search index: ${rate(b.withSearch.writeRecordsPerSecond)}; ` +
      `without: ${rate(b.withoutSearch.writeRecordsPerSecond)}`,
    `  parsing alone (one thread): ${rate(b.withSearch.parseRecordsPerSecond)}`,
    `  (baseline: ${b.includes})`,
  ];
}

// `node --import tsx bench/import.bench.ts [N]` runs this figure alone.
if (process.argv[1]?.endsWith("import.bench.ts")) {
  const r = await benchImport(Number(process.argv[2] ?? RECORDS));
  process.stdout.write(`${importLines(r).join("\n")}\n`);
}
