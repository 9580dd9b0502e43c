// Issue 12, point 2: anonymous reads across many paper pages and home while 10 votes a second
// land on OTHER papers. With precise invalidation (cache tags) the read pages stay cached; the
// hit rate comes from the server itself (SIGUSR2 prints its page cache's counters, opt-in).
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import type { Kysely } from "kysely";
import { CACHE_STATS_ENV } from "../src/cli/cache-stats-signal";
import { nowIso } from "../src/core/time";
import { connect } from "../src/db/connect";
import type { Database } from "../src/db/schema";
import { addPaperIdentifier, insertPaper } from "../src/papers/paper-writes.repo";
import { renderMarkdown } from "../src/render";
import { createSummary } from "../src/summaries/summary-write.service";
import { insertUser } from "../src/users/users.repo";
import { voteOnSummary } from "../src/votes/votes.service";

export interface WriteMixFigures {
  /** Of the server's cacheable requests during the load, the share answered from its cache. */
  hitRate: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Votes that committed, per second of load. */
  votesPerSecond: number;
}

const PORT = 3927;
const CONNECTIONS = 64;
const READ_PAPERS = 200;
const VOTE_PAPERS = 50;
const VOTERS = 20;
const VOTES_PER_SECOND = 10;
/** One read in this many is the home page (it shows every vote: it drops once a second). */
const HOME_EVERY = 20;

interface Seeded {
  readPaths: string[];
  voteSummaries: number[];
  voters: number[];
}

export async function benchWriteMix(opts: { seconds: number }): Promise<WriteMixFigures> {
  if (!existsSync("dist/main.js")) throw new Error("dist/ is missing: run `npm run build` first");
  const dir = mkdtempSync(join(tmpdir(), "shortscience-write-mix-"));
  const url = `sqlite:${join(dir, "bench.db")}`;
  let server: ChildProcess | null = null;
  const db = connect(url);
  try {
    server = spawn(process.execPath, ["bin/shortscience.js", "serve", "--workers", "1"], {
      env: {
        ...process.env,
        DATABASE_URL: url,
        PORT: String(PORT),
        HOST: "127.0.0.1",
        LOG_LEVEL: "warn",
        [CACHE_STATS_ENV]: "1",
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const stats = statsReader(server);
    const base = `http://127.0.0.1:${PORT}`;
    await waitUntilUp(`${base}/healthz`);
    const seeded = await seed(db.kysely);
    const paths = seeded.readPaths.flatMap((p, i) => (i % HOME_EVERY === 0 ? ["/", p] : [p]));
    // Warm: every page read once, so the figures are of the steady state.
    for (const p of paths) await (await fetch(base + p)).arrayBuffer();

    const before = await stats.read();
    const voting = voteSteadily(db.kysely, seeded, opts.seconds);
    const result = await autocannon({
      url: base,
      connections: CONNECTIONS,
      duration: opts.seconds,
      requests: paths.map((path) => ({ method: "GET", path })),
    });
    const votes = await voting;
    const after = await stats.read();
    if (result.non2xx > 0 || result.errors > 0) {
      throw new Error(`write mix: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
    }
    if (process.env.BENCH_DEBUG) process.stderr.write(`${JSON.stringify({ before, after })}\n`);
    const hits = after.hits - before.hits;
    const misses = after.misses - before.misses;
    return {
      hitRate: hits / Math.max(1, hits + misses),
      requestsPerSecond: result.requests.average,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      votesPerSecond: votes / opts.seconds,
    };
  } finally {
    server?.kill();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Papers to read, papers to vote on (each with one summary), and voters. */
async function seed(db: Kysely<Database>): Promise<Seeded> {
  const at = nowIso();
  const tag = randomBytes(3).toString("hex");
  const user = async (name: string) =>
    insertUser(db, {
      username: `${name}_${tag}`,
      displayName: `Bench ${name}`,
      bio: "",
      bioHtml: "",
      orcid: null,
      email: null,
      createdAt: at,
    });
  const paperWithSummary = async (i: number, authorId: number) => {
    const arxiv = `2101.${String(10000 + i)}`;
    const paperId = await insertPaper(
      db,
      {
        fields: {
          title: `Bench paper ${i}: on caches that stay warm`,
          authors: ["Ada Author", "Bo Writer"],
          year: 2021,
          venue: null,
          abstract: "An abstract of a few words. ".repeat(20),
          categories: ["cs.LG"],
          section: "cs",
          arxivVersion: null,
        },
        venueId: null,
      },
      { at },
    );
    await addPaperIdentifier(db, paperId, { scheme: "arxiv", value: arxiv });
    const source = `A summary of paper ${i}. It explains $x^2 + y^2 = z^2$ at length. `.repeat(12);
    const summaryId = await createSummary(db, async (s) => renderMarkdown(s), {
      paperId,
      userId: authorId,
      source,
      isPrivate: false,
      isAnonymous: false,
      paperVersion: null,
    });
    return { path: `/paper/arxiv/${arxiv}`, summaryId };
  };
  const readPaths: string[] = [];
  const voteSummaries: number[] = [];
  for (let i = 0; i < READ_PAPERS; i++) {
    readPaths.push((await paperWithSummary(i, await user(`reader${i}`))).path);
  }
  for (let i = 0; i < VOTE_PAPERS; i++) {
    const made = await paperWithSummary(READ_PAPERS + i, await user(`voted${i}`));
    voteSummaries.push(made.summaryId);
  }
  const voters: number[] = [];
  for (let i = 0; i < VOTERS; i++) voters.push(await user(`voter${i}`));
  return { readPaths, voteSummaries, voters };
}

/**
 * VOTES_PER_SECOND votes on the vote papers for `seconds`, each one a real change (a voter's
 * vote on a summary goes +1, −1, +1…), through the same service the site uses. Returns how
 * many committed.
 */
async function voteSteadily(db: Kysely<Database>, s: Seeded, seconds: number): Promise<number> {
  const start = Date.now();
  const total = Math.floor(seconds * VOTES_PER_SECOND);
  let done = 0;
  for (let n = 0; n < total; n++) {
    const due = start + (n * 1000) / VOTES_PER_SECOND;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const summaryId = s.voteSummaries[n % s.voteSummaries.length] as number;
    const round = Math.floor(n / s.voteSummaries.length);
    const userId = s.voters[round % s.voters.length] as number;
    const value = Math.floor(round / s.voters.length) % 2 === 0 ? 1 : -1;
    await voteOnSummary(db, { summaryId, userId, value });
    done++;
  }
  return done;
}

/** The server's page cache counters, asked for with SIGUSR2 (a JSON line on its stdout). */
function statsReader(child: ChildProcess) {
  let buffer = "";
  const waiting: ((s: { hits: number; misses: number }) => void)[] = [];
  child.stdout?.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    let nl = buffer.indexOf("\n");
    while (nl >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (line.startsWith('{"pageCache"')) waiting.shift()?.(JSON.parse(line).pageCache);
      nl = buffer.indexOf("\n");
    }
  });
  return {
    read(): Promise<{ hits: number; misses: number }> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error("no page cache stats from the server")),
          5_000,
        );
        waiting.push((s) => {
          clearTimeout(timer);
          resolve(s);
        });
        child.kill("SIGUSR2");
      });
    },
  };
}

async function waitUntilUp(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

// `node --import tsx bench/write-mix.bench.ts` runs it alone (BENCH_SECONDS, default 8).
if (process.argv[1]?.endsWith("write-mix.bench.ts")) {
  const figures = await benchWriteMix({ seconds: Number(process.env.BENCH_SECONDS ?? 8) });
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}
