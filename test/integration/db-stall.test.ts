import { sql } from "kysely";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, createApp } from "../../src/app";
import { DB_UNAVAILABLE_RETRY_AFTER_S, PAGE_CACHE_REVALIDATE_MS } from "../../src/core/limits";
import { connect, type Db } from "../../src/db/connect";
import { isDatabaseUnavailable } from "../../src/db/db-errors";
import { voteOnSummary } from "../../src/votes/votes.service";
import { makePaper, makeSummary, makeUser } from "../helpers/factories";
import { startTcpProxy, type TcpProxy } from "../helpers/tcp-proxy";
import { createTestApp, type TestApp } from "../helpers/test-app";

// A network that silently drops packets, between the app and PostgreSQL: connections already
// in the pool stay open but nothing comes back, so no error ever arrives by itself. The proxy
// this test starts stalls them (db-outage.test.ts covers refused and broken connections).
// The time limits are short here so the test is quick; the bounds asserted are generous.

const pgUrl = process.env.TEST_DATABASE_URL;
/** The pool's query timeout in these tests; production's is DB_QUERY_TIMEOUT_MS. */
const QUERY_TIMEOUT_MS = 6_000;
/** The page cache's wait for the content version; production's is 1.5 s. */
const VERSION_TIMEOUT_MS = 300;

interface Stalled {
  proxy: TcpProxy;
  db: Db;
  app: App;
  failures: () => number;
  get(path: string): Promise<Response>;
  close(): Promise<void>;
}

async function stallableApp(t: TestApp, queryTimeoutMs: number, clock: () => number) {
  const target = new URL(t.testDb.url);
  const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const db = connect(proxy.through(t.testDb.url), { connectTimeoutMs: 500, queryTimeoutMs });
  const logs: { msg: string }[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => logs.push(JSON.parse(line)) });
  const app = createApp(
    { ...t.deps, db: db.kysely, logger },
    { now: clock, pageCacheVersionTimeoutMs: VERSION_TIMEOUT_MS },
  );
  const stalled: Stalled = {
    proxy,
    db,
    app,
    failures: () => logs.filter((l) => l.msg === "request failed").length,
    get: (path) => Promise.resolve(app.fetch(new Request(`http://localhost${path}`))),
    async close() {
      proxy.resume();
      await app.close();
      await db.close();
      await proxy.close();
    },
  };
  return stalled;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

describe.runIf(pgUrl)("a PostgreSQL network that stops answering", () => {
  let t: TestApp;
  let time = 1_000_000;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it("serves cached pages promptly, answers 503 in bounded time, recovers with the network", {
    timeout: 120_000,
  }, async () => {
    const s = await stallableApp(t, QUERY_TIMEOUT_MS, () => time);
    try {
      const author = await makeUser(t.db);
      const voter = await makeUser(t.db);
      const paper = await makePaper(t.db);
      const summaryId = await makeSummary(t.db, paper.id, author.id);
      const paperPath = `/paper/arxiv/${paper.arxiv}`;

      const warm = await s.get(paperPath);
      expect(warm.status).toBe(200);
      const cachedBody = await warm.text();
      expect(cachedBody).toContain("Score </span>0<");
      expect((await s.get("/venues")).status).toBe(200);
      // Several pooled connections, idle: the misses below will be lent stalled ones.
      const health = await Promise.all(Array.from({ length: 6 }, () => s.get("/healthz")));
      expect(health.map((r) => r.status)).toEqual(Array(6).fill(200));
      expect(s.proxy.forwarded).toBeGreaterThan(3);

      s.proxy.stall();
      time += PAGE_CACHE_REVALIDATE_MS; // the next hit re-reads the version, on a stalled line

      // Hits wait for the version read's own bound, not for the pool's query timeout.
      const hits = await timed(() =>
        Promise.all(Array.from({ length: 10 }, async () => (await s.get(paperPath)).text())),
      );
      for (const body of hits.value) expect(body).toBe(cachedBody);
      expect(hits.ms).toBeLessThan(QUERY_TIMEOUT_MS / 2);

      // Misses and the health check reach the database: a 503 once the query times out (or a
      // new connection can't be made), never a hang and never a 500.
      const misses = await timed(() =>
        Promise.all([s.get("/best"), s.get("/healthz"), s.get(`/user/${author.username}`)]),
      );
      for (const res of misses.value) {
        expect(res.status).toBe(503);
        expect(res.headers.get("Retry-After")).toBe(String(DB_UNAVAILABLE_RETRY_AFTER_S));
        await res.arrayBuffer();
      }
      expect(misses.ms).toBeLessThan(QUERY_TIMEOUT_MS * 4);
      // Meanwhile cached pages are still answered, without waiting.
      time += PAGE_CACHE_REVALIDATE_MS;
      const later = await timed(async () => (await s.get(paperPath)).text());
      expect(later.value).toBe(cachedBody);
      expect(later.ms).toBeLessThan(QUERY_TIMEOUT_MS / 2);
      expect(s.failures()).toBe(0);

      // A write lands meanwhile (another app process, its network fine).
      await voteOnSummary(t.db, { summaryId, userId: voter.id, value: 1 });

      // The network is back: the same app answers everything, and the cached page is new.
      s.proxy.resume();
      time += PAGE_CACHE_REVALIDATE_MS;
      const after = await Promise.all(
        [paperPath, "/best", "/healthz", `/user/${author.username}`].map(async (path) => {
          const res = await s.get(path);
          return { path, status: res.status, body: await res.text() };
        }),
      );
      for (const r of after) expect(r.status, r.path).toBe(200);
      expect(after[0]?.body).toContain("Score </span>+1<");
      expect(s.failures()).toBe(0);
    } finally {
      await s.close();
    }
  });

  it("replaces a connection that timed out: a firewall that forgot it costs one query", {
    timeout: 120_000,
  }, async () => {
    const s = await stallableApp(t, 1_000, () => time);
    try {
      // Sequential queries: the pool holds one connection (or very few), idle between them.
      for (let i = 0; i < 3; i++) await sql`select 1`.execute(s.db.kysely);
      const pooled = s.proxy.forwarded;
      expect(pooled).toBeGreaterThan(0);

      // The open connections stop answering; new ones go through.
      s.proxy.stall({ newConnections: "forward" });
      const outcomes: string[] = [];
      // Each stalled connection fails one query (a 503's kind of error), is closed, and the pool
      // opens a fresh one. Kept, the pool would lend the same dead connection out again and again.
      for (let i = 0; i < pooled + 3 && outcomes.at(-1) !== "ok"; i++) {
        try {
          await sql`select 1`.execute(s.db.kysely);
          outcomes.push("ok");
        } catch (error) {
          expect(isDatabaseUnavailable(error), String(error)).toBe(true);
          outcomes.push("timed out");
        }
      }
      expect(outcomes.at(-1), outcomes.join(",")).toBe("ok");
      expect(outcomes.filter((o) => o === "timed out").length).toBeLessThanOrEqual(pooled);
      expect((await s.get("/healthz")).status).toBe(200);
      for (let i = 0; i < 5; i++) {
        time += PAGE_CACHE_REVALIDATE_MS;
        expect((await s.get("/venues")).status).toBe(200);
      }
      expect(s.failures()).toBe(0);
    } finally {
      await s.close();
    }
  });
});
