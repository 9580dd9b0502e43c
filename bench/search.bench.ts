// Search speed (issue 11, point 1): 1,000,000 generated papers (TeX and unicode in titles)
// and 50,000 summaries, then a fixed set of distinct queries (cold: each input once) through
// the search service, p50/p95, next to the raw query for the same inputs (FTS5 MATCH … ORDER
// BY rank LIMIT 20; PostgreSQL doc @@ query ORDER BY ts_rank_cd LIMIT 20), and whether the
// aims (p95 < 50 ms, within 2× raw) are met. SQLite always (a fresh file); PostgreSQL when
// BENCH_DATABASE_URL (or TEST_DATABASE_URL) names a server, in a database created for the
// run and dropped after. SEARCH_BENCH_ONLY=sqlite|postgres runs one of them.
// SEARCH_BENCH_PAPERS / SEARCH_BENCH_SUMMARIES scale it down for a quick look. The home
// page's tabs are measured on the same database (home.bench.ts), after adding votes and views.

import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Kysely, sql } from "kysely";
import pg from "pg";
import { DomainError } from "../src/core/errors";
import { SEARCH_RANK_WINDOW } from "../src/core/limits";
import { connect, type Db, migrateToLatest } from "../src/db/connect";
import type { Database } from "../src/db/schema";
import { searchLocal } from "../src/search/search.service";
import { readSearchParams } from "../src/search/search-params";
import { fts5Match, parseSearchQuery, tsqueryText } from "../src/search/search-query";
import { seededRandom } from "./arxiv-records";
import { addHomeActivity, type HomeFigures, measureHome, reportHome } from "./home.bench";
import {
  measureNewConnections,
  type NewConnectionFigures,
  reportNewConnections,
} from "./new-connections.bench";
import { pct } from "./percentile";

const PAPERS = Number(process.env.SEARCH_BENCH_PAPERS ?? 1_000_000);
const SUMMARIES = Number(process.env.SEARCH_BENCH_SUMMARIES ?? 50_000);
/** SEARCH_BENCH_WINDOW: try another rank window than SEARCH_RANK_WINDOW. */
const WINDOW = Number(process.env.SEARCH_BENCH_WINDOW ?? SEARCH_RANK_WINDOW);
const ROWS_PER_INSERT = 500;
const ROWS_PER_TRANSACTION = 50_000;
/**
 * The titles of the oldest papers (ids 1, 2, …): common words only, so that far more newer
 * papers than SEARCH_RANK_WINDOW hold them all (in their abstracts); each is searched for in
 * full and should come first.
 */
const OLD_TITLES = [
  "Quantum lattice entropy model",
  "Attention network learning",
  "Neural graph model learning",
  "Quantum attention entropy",
  "Lattice network model",
];

// A vocabulary with a long tail: syllables make ~8,000 distinct words, drawn Zipf-like.
const SYLLABLES = "ka lo mi ne ru sa te vo zi qua bre dra fle gno pli tro xen yul".split(" ");
const VOCAB = SYLLABLES.flatMap((a) => SYLLABLES.flatMap((b) => SYLLABLES.map((c) => a + b + c)));
const COMMON = "learning neural network quantum model graph attention entropy lattice".split(" ");
const TEX = [
  "$\\alpha$-divergence",
  "$O(n \\log n)$",
  "$\\mathbb{R}^d$",
  "$L^2$",
  "$\\epsilon$-net",
];
const UNICODE = [
  "Schrödinger",
  "Erdős–Rényi",
  "Gödel",
  "Müller",
  "Poincaré",
  "Łukasiewicz",
  "贝叶斯",
];

function generator(seed: number) {
  const r = seededRandom(seed);
  const word = () =>
    r() < 0.15
      ? (COMMON[Math.floor(r() * COMMON.length)] as string)
      : (VOCAB[Math.floor(VOCAB.length * r() ** 2.5)] as string);
  const words = (n: number) => Array.from({ length: n }, word).join(" ");
  const title = () => {
    const extra = r() < 0.2 ? ` ${TEX[Math.floor(r() * TEX.length)]}` : "";
    const uni = r() < 0.2 ? ` ${UNICODE[Math.floor(r() * UNICODE.length)]}` : "";
    return `${words(4 + Math.floor(r() * 6))}${extra}${uni}`;
  };
  return { r, word, words, title };
}

/** The `index`th generated paper (the build inserts them in this order: ids 1, 2, …). */
function paperRow(g: ReturnType<typeof generator>, now: string, index: number) {
  const title = g.title();
  return {
    title: OLD_TITLES[index] ?? title,
    authors: JSON.stringify([`${g.word()} ${g.word()}`, `${g.word()} Müller`]),
    year: 1990 + Math.floor(g.r() * 35),
    venue_id: null,
    abstract: g.words(60 + Math.floor(g.r() * 60)),
    categories: "cs.LG",
    section: g.r() < 0.6 ? "cs" : "physics",
    arxiv_version: null,
    created_at: now,
    updated_at: now,
  };
}

async function build(db: Kysely<Database>): Promise<number> {
  const started = performance.now();
  const g = generator(42);
  const now = new Date().toISOString();
  for (let done = 0; done < PAPERS; done += ROWS_PER_TRANSACTION) {
    await db.transaction().execute(async (trx) => {
      const end = Math.min(PAPERS, done + ROWS_PER_TRANSACTION);
      for (let i = done; i < end; i += ROWS_PER_INSERT) {
        const rows = Array.from({ length: Math.min(ROWS_PER_INSERT, end - i) }, (_, k) =>
          paperRow(g, now, i + k),
        );
        await trx.insertInto("papers").values(rows).execute();
      }
    });
  }
  const user = await db
    .insertInto("users")
    .values({
      username: "bench",
      username_key: "bench",
      display_name: "Bench Writer",
      bio: "",
      bio_html: "",
      orcid: null,
      email: null,
      role: "user",
      created_at: now,
      password_hash: null,
      email_key: null,
      email_verified_at: null,
      pending_email: null,
      banned_at: null,
      deleted_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < SUMMARIES; i += ROWS_PER_INSERT) {
      const rows = Array.from({ length: Math.min(ROWS_PER_INSERT, SUMMARIES - i) }, (_, k) => ({
        // One summary per paper and user: a prime stride spreads them over distinct papers.
        paper_id: 1 + (((i + k) * 7919) % PAPERS),
        user_id: user.id,
        source: `${g.words(150)} $x^2$ ${g.words(100)}`,
        html: "",
        renderer_version: 0,
        math_count: 1,
        math_errors: 0,
        is_private: 0,
        is_anonymous: (i + k) % 10 === 0 ? 1 : 0,
        share_token: randomBytes(16).toString("hex"),
        paper_version: null,
        score: 0,
        created_at: now,
        updated_at: now,
      }));
      await trx.insertInto("summaries").values(rows).execute();
    }
  });
  return (performance.now() - started) / 1000;
}

/** One input: the query text, then further URL parameters as name, value pairs. */
interface BenchQuery {
  kind: string;
  args: string[];
}

/** Distinct inputs: single words from common to rare, pairs, phrases, prefixes, filters. */
export function queries(): BenchQuery[] {
  const g = generator(7);
  const list: BenchQuery[] = [];
  const add = (kind: string, n: number, args: () => string[]) => {
    for (let i = 0; i < n; i++) list.push({ kind, args: args() });
  };
  add("single words", 40, () => [g.word()]);
  add("two words", 40, () => [`${g.word()} ${g.word()}`]);
  add("phrases", 20, () => [`"${g.word()} ${g.word()}"`]);
  add("prefixes", 20, () => [`${g.word().slice(0, 4)}*`]);
  add("with a TeX name", 20, () => [`${g.word()} schrodinger`]);
  add("filtered", 20, () => [g.word(), "from", "2000", "to", "2010", "section", "cs"]);
  add("summaries", 20, () => [g.word(), "type", "summaries"]);
  // Title-like queries of common words (the words of the oldest papers' titles, and the
  // common ones three at a time): more matches than the window, where titles count most.
  for (const title of OLD_TITLES) list.push({ kind: "common-word titles", args: [title] });
  for (let i = 0; i < 3; i++)
    list.push({
      kind: "common-word titles",
      args: [[0, 1, 2].map((k) => COMMON[(i * 3 + k) % COMMON.length]).join(" ")],
    });
  return list;
}

interface KindFigures {
  kind: string;
  p50: number;
  p95: number;
  /** How many of this kind's queries took 50 ms or more, of how many. */
  slow: number;
  /** How many of them PostgreSQL stopped at SEARCH_STATEMENT_TIMEOUT_MS (a 422 for a reader). */
  stopped: number;
  count: number;
}

export interface SearchFigures {
  buildSeconds: number;
  service: { p50: number; p95: number };
  /** The service's times by kind of query, to show which kinds set the p95. */
  byKind: KindFigures[];
  raw: { p50: number; p95: number };
  /** Of the oldest papers searched by their whole title, how many came first. */
  titlesFirst: string;
  /** The home page's tabs on the same database (home.bench.ts). */
  home: HomeFigures;
  /** PostgreSQL: searches on new connections and on used ones (new-connections.bench.ts). */
  newConnections?: NewConnectionFigures;
}

async function measure(db: Db): Promise<Omit<SearchFigures, "buildSeconds" | "home">> {
  const service: number[] = [];
  const kinds = new Map<string, number[]>();
  const raw: number[] = [];
  const stopped = new Map<string, number>();
  for (const { kind, args } of queries()) {
    const [q, ...pairs] = args;
    const extra = new Map<string, string>();
    for (let i = 0; i + 1 < pairs.length; i += 2)
      extra.set(pairs[i] as string, pairs[i + 1] as string);
    const params = readSearchParams((name) => (name === "q" ? q : extra.get(name)));
    let t0 = performance.now();
    // A search PostgreSQL stops (SEARCH_STATEMENT_TIMEOUT_MS) counts with the time it took.
    await searchLocal(db.kysely, params, { rankWindow: WINDOW }).catch((error: unknown) => {
      if (!(error instanceof DomainError && error.code === "search_timeout")) throw error;
      stopped.set(kind, (stopped.get(kind) ?? 0) + 1);
    });
    const took = performance.now() - t0;
    service.push(took);
    kinds.set(kind, [...(kinds.get(kind) ?? []), took]);
    const summaries = extra.get("type") === "summaries";
    const terms = parseSearchQuery(q as string);
    t0 = performance.now();
    if (db.dialect === "sqlite") {
      const table = sql.table(summaries ? "search_summaries" : "search_papers");
      await sql`select rowid from ${table} where ${table} match ${fts5Match(terms)}
        order by rank limit 20`.execute(db.kysely);
    } else {
      const table = sql.table(summaries ? "search_summaries" : "search_papers");
      const tsq = sql.join(
        terms.map((t) => sql`to_tsquery('search_simple', ${tsqueryText(t)})`),
        sql` && `,
      );
      const id = sql.ref(summaries ? "summary_id" : "paper_id");
      await sql`select ${id} from ${table}, (select ${tsq} as q) tq where doc @@ tq.q
        order by ts_rank_cd(doc, tq.q) desc limit 20`.execute(db.kysely);
    }
    raw.push(performance.now() - t0);
  }
  // After the timed queries, so that those of them that are these titles ran cold.
  let titlesFirst = 0;
  for (const [i, title] of OLD_TITLES.entries()) {
    const params = readSearchParams((name) => (name === "q" ? title : undefined));
    const r = await searchLocal(db.kysely, params, { rankWindow: WINDOW }).catch(
      (error: unknown) => {
        if (error instanceof DomainError && error.code === "search_timeout") return null;
        throw error;
      },
    );
    if (r?.paperHits[0]?.id === i + 1) titlesFirst++;
  }
  return {
    service: { p50: pct(service, 50), p95: pct(service, 95) },
    byKind: [...kinds].map(([kind, times]) => ({
      kind,
      p50: pct(times, 50),
      p95: pct(times, 95),
      slow: times.filter((ms) => ms >= 50).length,
      stopped: stopped.get(kind) ?? 0,
      count: times.length,
    })),
    raw: { p50: pct(raw, 50), p95: pct(raw, 95) },
    titlesFirst: `${titlesFirst}/${OLD_TITLES.length}`,
  };
}

// SEARCH_BENCH_SQLITE_FILE / SEARCH_BENCH_PG_DATABASE keep the built database (and reuse it
// when it is already there), to measure query plans again without a 90 s / 9 min rebuild.
const KEEP_SQLITE = process.env.SEARCH_BENCH_SQLITE_FILE;
const KEEP_PG = process.env.SEARCH_BENCH_PG_DATABASE;

export async function benchSearchSqlite(): Promise<SearchFigures> {
  const dir = KEEP_SQLITE ? null : mkdtempSync(join(tmpdir(), "shortscience-search-bench-"));
  const file = KEEP_SQLITE ?? join(dir as string, "bench.db");
  const reuse = KEEP_SQLITE !== undefined && existsSync(file);
  // Cold figures: each statement timed as run, none recalled from the read memo.
  const db = connect(`sqlite:${file}`, { sqliteReadMemo: false });
  try {
    await migrateToLatest(db);
    const buildSeconds = reuse ? 0 : await build(db.kysely);
    await addHomeActivity(db.kysely);
    return { buildSeconds, ...(await measure(db)), home: await measureHome(db) };
  } finally {
    await db.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchSearchPostgres(adminUrl: string): Promise<SearchFigures> {
  if (KEEP_PG !== undefined && !/^[a-z_][a-z0-9_]*$/.test(KEEP_PG))
    throw new Error("SEARCH_BENCH_PG_DATABASE: lower-case letters, digits and _ only");
  const name = KEEP_PG ?? `shortscience_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const found = await admin.query("select 1 from pg_database where datname = $1", [name]);
  const reuse = KEEP_PG !== undefined && found.rowCount === 1;
  if (!reuse) await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = connect(url.toString());
  try {
    await migrateToLatest(db);
    const buildSeconds = reuse ? 0 : await build(db.kysely);
    await addHomeActivity(db.kysely);
    // As autovacuum leaves a server's tables (this machine's server runs without it): hint
    // bits set and the visibility map current, so the first searches don't pay for the build.
    await sql`vacuum (analyze)`.execute(db.kysely);
    const figures = { buildSeconds, ...(await measure(db)), home: await measureHome(db) };
    const words = queries()
      .filter((k) => k.kind === "single words")
      .slice(0, 10)
      .map(({ args }) => readSearchParams((name) => (name === "q" ? args[0] : undefined)));
    return {
      ...figures,
      newConnections: await measureNewConnections(url.toString(), words, WINDOW),
    };
  } finally {
    await db.close();
    if (!KEEP_PG) {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    }
  }
}

const ONLY = process.env.SEARCH_BENCH_ONLY; // "sqlite" or "postgres": one database alone

export async function runSearchBench(line: (s: string) => void): Promise<void> {
  const ms = (f: { p50: number; p95: number }) =>
    `p50 ${f.p50.toFixed(1)} ms, p95 ${f.p95.toFixed(1)} ms`;
  const report = (name: string, rawName: string, f: SearchFigures) => {
    const built = f.buildSeconds > 0 ? `built in ${f.buildSeconds.toFixed(0)} s` : "reused";
    line(`${name}: ${built}; service ${ms(f.service)}`);
    for (const k of f.byKind)
      line(
        `  ${k.kind}: ${ms(k)}; ${k.slow} of ${k.count} took 50 ms or more` +
          (k.stopped > 0 ? `, ${k.stopped} stopped at the time limit` : ""),
      );
    line(`  raw ${rawName}, same queries: ${ms(f.raw)}`);
    line(`  oldest papers searched by their whole title, found first: ${f.titlesFirst}`);
    if (f.newConnections) reportNewConnections(f.newConnections, line);
    reportHome(name, f.home, line);
    const ratio = f.service.p95 / f.raw.p95;
    const fast = f.service.p95 < 50;
    const close = ratio <= 2;
    line(
      `  aims: p95 < 50 ms ${fast ? "MET" : "NOT MET"}; service / raw at p95 ` +
        `${ratio.toFixed(2)}× ≤ 2× ${close ? "MET" : "NOT MET"}`,
    );
  };
  line(
    `\n== search (${PAPERS} papers, ${SUMMARIES} summaries, ${queries().length} distinct queries; ` +
      `more than ${WINDOW} matches rank the newest ${WINDOW}) ==`,
  );
  if (ONLY !== "postgres")
    report("SQLite", "FTS5 MATCH … ORDER BY rank LIMIT 20", await benchSearchSqlite());
  if (ONLY === "sqlite") return;
  const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!pgUrl) {
    line("PostgreSQL: skipped (set BENCH_DATABASE_URL)");
    return;
  }
  report(
    "PostgreSQL",
    "doc @@ query ORDER BY ts_rank_cd DESC LIMIT 20",
    await benchSearchPostgres(pgUrl),
  );
}
