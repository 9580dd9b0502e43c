// Bulk import speed and memory: a generated arXiv-snapshot file of 1,000,000 records into a
// fresh SQLite database through the same import service as `shortscience import arxiv`.
// RSS is sampled while it runs: a streaming import keeps it flat whatever the file size.

import { once } from "node:events";
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, migrateToLatest } from "../src/db/connect";
import { importFile } from "../src/import/import.service";

const RECORDS = 1_000_000;
/** One RSS sample every this many batches of 2,000 records. */
const RSS_SAMPLE_BATCHES = 10;

/** A small deterministic generator (mulberry32): the same file on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  "we propose a novel method for learning representations of graphs images and text that " +
  "improves state of the art results on benchmark tasks using deep neural networks with attention " +
  "our approach scales to large datasets and provides theoretical guarantees under mild assumptions " +
  "experiments show significant gains in accuracy efficiency and robustness compared to baselines " +
  "quantum field theory black hole entropy dark matter galaxy cluster spin chain lattice gauge"
).split(" ");
const LAST = ["Smith", "Wang", "Müller", "Bal\\'azs", "Nguyen", "García", "Kim", "Ivanov", "Rossi"];
const FIRST = ["A.", "Wei", "Jörg", "Maria", "J. P.", "Yuki", "Olga", "Luca", "C.-P."];
const CATEGORIES = [
  "cs.LG",
  "cs.CV",
  "cs.CL",
  "stat.ML",
  "hep-th",
  "hep-ph",
  "math.CO",
  "astro-ph.GA",
  "quant-ph",
  "q-bio.NC",
  "cond-mat.str-el",
  "math.AP",
];
const OLD_ARCHIVES = ["hep-th", "hep-ph", "astro-ph", "cond-mat", "math", "quant-ph", "gr-qc"];
const JOURNAL_REFS = [
  (v: number, y: number) => `Phys.Rev.D${v}:0${v}${y % 100},${y}`,
  (v: number, y: number) => `Advances in Neural Information Processing Systems ${v} (NIPS ${y})`,
  (_v: number, y: number) => `ICML ${y}`,
  (v: number, y: number) => `J. Mach. Learn. Res. ${v} (${y}) 1-${v}`,
  (v: number, y: number) => `Nature ${v}, 436-444 (${y})`,
  (v: number, y: number) => `Journal of Algebra ${v} (${y}) ${v * 3}-${v * 3 + 20}`,
];

function line(i: number, rnd: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;
  const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(" ");
  // Unique ids: every tenth record old-style (archive/YYMMNNN, before 2007), others YYMM.NNNNN.
  const old = i % 10 === 0;
  const k = Math.floor(i / 10);
  const slot = old ? Math.floor(k / 7 / 1000) : Math.floor(i / 99_999);
  const year = old ? 1992 + (slot % 15) : 2015 + (slot % 11);
  const yymm = `${String(year % 100).padStart(2, "0")}${String(1 + (slot % 12)).padStart(2, "0")}`;
  const id = old
    ? `${OLD_ARCHIVES[k % 7]}/${yymm}${String(Math.floor(k / 7) % 1000).padStart(3, "0")}`
    : `${yymm}.${String((i % 99_999) + 1).padStart(5, "0")}`;
  const authors = Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => [
    pick(LAST),
    pick(FIRST),
    "",
  ]);
  // arXiv hard-wraps abstracts at ~80 columns, with a leading indent.
  const abstract = `  ${words(90 + Math.floor(rnd() * 120))}`.replace(/(.{1,78})( |$)/g, "$1\n");
  const versions = Array.from({ length: 1 + Math.floor(rnd() * 4) }, (_, v) => ({
    version: `v${v + 1}`,
    created: `Mon, ${1 + (v % 28)} Mar ${year} 10:00:00 GMT`,
  }));
  return JSON.stringify({
    id,
    submitter: authors[0]?.[1],
    authors: authors.map((a) => `${a[1]} ${a[0]}`).join(", "),
    title: words(6 + Math.floor(rnd() * 9)).replace(/^./, (c) => c.toUpperCase()),
    comments: `${5 + (i % 30)} pages`,
    "journal-ref": rnd() < 0.25 ? pick(JOURNAL_REFS)(1 + (i % 90), year) : null,
    doi: rnd() < 0.3 ? `10.${1000 + (i % 9000)}/gen.${i}` : null,
    "report-no": null,
    categories: Array.from(new Set([pick(CATEGORIES), pick(CATEGORIES)])).join(" "),
    license: null,
    abstract,
    versions,
    update_date: `${year}-0${1 + (i % 9)}-1${i % 10}`,
    authors_parsed: authors,
  });
}

/** Writes `records` lines of generated arXiv-snapshot JSON to `file`. */
export async function generateSnapshot(file: string, records: number): Promise<void> {
  const out = createWriteStream(file, { highWaterMark: 1 << 20 });
  const rnd = random(42);
  let buffer = "";
  for (let i = 0; i < records; i++) {
    buffer += `${line(i, rnd)}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, "drain");
      buffer = "";
    }
  }
  out.end(buffer);
  await once(out, "finish");
}

export async function benchImport(records = RECORDS): Promise<{
  records: number;
  seconds: number;
  recordsPerSecond: number;
  peakRssMb: number;
  rssSamplesMb: number[];
  fileMb: number;
}> {
  const dir = mkdtempSync(join(tmpdir(), "shortscience-bench-import-"));
  const file = join(dir, "arxiv-snapshot.jsonl");
  const db = connect(`sqlite:${join(dir, "bench.db")}`);
  try {
    await generateSnapshot(file, records);
    await migrateToLatest(db);
    // RSS of the whole process (both threads), after each committed batch: the main thread is
    // too busy for a timer to fire on time.
    const mb = () => process.memoryUsage.rss() / 1e6;
    const rssSamplesMb: number[] = [mb()];
    const started = performance.now();
    const report = await importFile(db.kysely, "arxiv", file, {
      onProgress: (p) => {
        if (p.batches % RSS_SAMPLE_BATCHES === 0) rssSamplesMb.push(mb());
      },
    });
    const seconds = (performance.now() - started) / 1000;
    rssSamplesMb.push(mb());
    return {
      records: report.records,
      seconds,
      recordsPerSecond: report.records / seconds,
      peakRssMb: Math.max(...rssSamplesMb),
      rssSamplesMb,
      fileMb: statSync(file).size / 1e6,
    };
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// `node --import tsx bench/import.bench.ts [N]` runs this figure alone.
if (process.argv[1]?.endsWith("import.bench.ts")) {
  const r = await benchImport(Number(process.argv[2] ?? RECORDS));
  const samples = r.rssSamplesMb.filter((_, i) => i % Math.ceil(r.rssSamplesMb.length / 12) === 0);
  process.stdout.write(
    `import: ${r.records} records (${r.fileMb.toFixed(0)} MB) in ${r.seconds.toFixed(1)} s = ` +
      `${r.recordsPerSecond.toFixed(0)} records/s, peak RSS ${r.peakRssMb.toFixed(0)} MB\n` +
      `RSS samples (MB): ${samples.map((s) => s.toFixed(0)).join(" ")}\n`,
  );
}
