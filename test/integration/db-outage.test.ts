import { rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import SqliteDatabase from "better-sqlite3";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, createApp } from "../../src/app";
import { startSession } from "../../src/auth/sessions.service";
import {
  DB_OUTAGE_LOG_INTERVAL_MS,
  DB_UNAVAILABLE_RETRY_AFTER_S,
  PAGE_CACHE_REVALIDATE_MS,
} from "../../src/core/limits";
import { connect, type Db } from "../../src/db/connect";
import { voteOnSummary } from "../../src/votes/votes.service";
import { createClient } from "../helpers/client";
import { makeAccount, makePaper, makeSummary, makeUser } from "../helpers/factories";
import { startTcpProxy, type TcpProxy } from "../helpers/tcp-proxy";
import { createTestApp, type TestApp } from "../helpers/test-app";

// PostgreSQL behind a TCP proxy this test starts: cutting the proxy is an outage the app can't
// tell from a stopped server, while the test keeps its own direct connection (t.db) to check
// and to write "from another process" meanwhile.

const pgUrl = process.env.TEST_DATABASE_URL;

describe.runIf(pgUrl)("a PostgreSQL outage, under load", () => {
  let t: TestApp;
  let proxy: TcpProxy;
  let proxied: Db;
  let created: App;
  let server: ReturnType<typeof serve>;
  let base: string;
  let time = 1_000_000;
  const logs: { msg: string; failures?: number }[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    const target = new URL(t.testDb.url);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    proxied = connect(proxy.through(t.testDb.url), { connectTimeoutMs: 500 });
    const logger = pino(
      { level: "info" },
      { write: (line: string) => logs.push(JSON.parse(line)) },
    );
    created = createApp({ ...t.deps, db: proxied.kysely, logger }, { now: () => time });
    server = serve({ fetch: created.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await created.close();
    await proxied.close();
    await proxy.close();
    await t.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { headers, redirect: "manual" });
  const lines = (msg: string) => logs.filter((l) => l.msg === msg);

  it("serves cached pages, answers 503 elsewhere, logs once per interval, and recovers by itself", async () => {
    const author = await makeUser(t.db);
    const voter = await makeUser(t.db);
    const paper = await makePaper(t.db);
    const summaryId = await makeSummary(t.db, paper.id, author.id);
    const paperPath = `/paper/arxiv/${paper.arxiv}`;
    const reader = await makeAccount(t.db);
    const session = `ss_session=${await startSession(t.db, reader.id, "test")}`;

    // Before: the paper page is cached for anonymous readers, everything answers.
    const warm = await get(paperPath);
    expect(warm.status).toBe(200);
    const cachedBody = await warm.text();
    expect(cachedBody).toContain("Score </span>0<");
    expect((await get("/healthz")).status).toBe(200);
    expect((await get("/venues", { Cookie: session })).status).toBe(200);

    // The outage: new connections refused, the pool's open ones broken.
    await proxy.refuse();
    time += PAGE_CACHE_REVALIDATE_MS; // the next cached hit re-checks the version, and can't

    const kinds = ["cached", "page", "health", "session"] as const;
    const during = async (i: number) => {
      const kind = kinds[i % kinds.length];
      if (kind === "cached") {
        const res = await get(paperPath);
        expect(res.status).toBe(200);
        expect(await res.text()).toBe(cachedBody);
      } else if (kind === "page") {
        const res = await get("/venues");
        expect(res.status).toBe(503);
        expect(res.headers.get("Retry-After")).toBe(String(DB_UNAVAILABLE_RETRY_AFTER_S));
        expect(res.headers.get("Content-Type")).toContain("text/html");
        const html = await res.text();
        expect(html).toContain("reach its database right now");
        expect(html).not.toMatch(/ECONNREFUSED|Connection terminated|at \S+ \(|127\.0\.0\.1/);
      } else if (kind === "health") {
        const res = await get("/healthz");
        expect(res.status).toBe(503);
        expect(res.headers.get("Retry-After")).toBe(String(DB_UNAVAILABLE_RETRY_AFTER_S));
        const body = (await res.json()) as { status: string; database: { reachable: boolean } };
        expect(body).toMatchObject({ status: "degraded", database: { reachable: false } });
      } else {
        const res = await get(paperPath, { Cookie: session });
        expect(res.status).toBe(503);
        expect(res.headers.get("Retry-After")).toBe(String(DB_UNAVAILABLE_RETRY_AFTER_S));
        expect(res.headers.get("Cache-Control")).toBe("private, no-store");
        await res.arrayBuffer();
      }
    };
    await Promise.all(Array.from({ length: 80 }, (_, i) => during(i)));

    // Forty failed pages, one log line.
    expect(lines("database unavailable")).toHaveLength(1);
    expect(lines("request failed")).toHaveLength(0);

    // One interval later, one more line stands for the next burst.
    time += DB_OUTAGE_LOG_INTERVAL_MS;
    await Promise.all(Array.from({ length: 40 }, (_, i) => during(i)));
    expect(lines("database unavailable")).toHaveLength(2);

    // A write lands meanwhile (another app process, still connected): the cached page must
    // not outlive the outage.
    await voteOnSummary(t.db, { summaryId, userId: voter.id, value: 1 });

    // A server that accepts but never answers: connection attempts time out, nothing hangs.
    await proxy.blackhole();
    const started = performance.now();
    const stuck = await Promise.all([get("/venues"), get("/healthz"), get("/about?x=1")]);
    expect(stuck.map((r) => r.status)).toEqual([503, 503, 200]);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(lines("request failed")).toHaveLength(0);

    // The database is back: the same app answers everything again, without a restart.
    await proxy.restore();
    time += PAGE_CACHE_REVALIDATE_MS;
    const after = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const kind = kinds[i % kinds.length];
        const res =
          kind === "cached"
            ? await get(paperPath)
            : kind === "page"
              ? await get("/venues")
              : kind === "health"
                ? await get("/healthz")
                : await get(paperPath, { Cookie: session });
        return { kind, status: res.status, body: await res.text() };
      }),
    );
    for (const r of after) expect(r.status, r.kind).toBe(200);
    for (const r of after.filter((a) => a.kind === "cached")) {
      expect(r.body).toContain("Score </span>+1<");
    }
    expect(lines("database reachable again")).toHaveLength(1);
    expect(lines("request failed")).toHaveLength(0);
  });
});

// SQLite has no server to lose. What can make it unusable: another process holding the write
// lock past the lock wait (a long import, a backup tool), or the file removed under the app.
// (sqlite-lock-wait.test.ts: what this process does meanwhile, with the lock in another one.)
describe.runIf(!pgUrl)("SQLite locked by another process, or its file gone", () => {
  let t: TestApp;
  let own: Db;
  let created: App;
  const logs: { msg: string }[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    const logger = pino(
      { level: "info" },
      { write: (line: string) => logs.push(JSON.parse(line)) },
    );
    // Wait 200 ms for a lock instead of 5 s: the outcome is the same, the test quicker.
    own = connect(t.testDb.url, { sqliteLockWait: { lockWaitMs: 200 } });
    created = createApp({ ...t.deps, db: own.kysely, logger }, { now: () => 0 });
  });
  afterAll(async () => {
    await created.close();
    await own.close();
    await t.close();
  });

  const lines = (msg: string) => logs.filter((l) => l.msg === msg);
  const anon = (path: string) =>
    Promise.resolve(created.fetch(new Request(`http://localhost${path}`)));
  const commentCount = async (summaryId: number) =>
    (await t.db.selectFrom("comments").select("id").where("summary_id", "=", summaryId).execute())
      .length;

  it("writes answer 503 with Retry-After while the lock is held; reads go on; then all works", async () => {
    const author = await makeUser(t.db);
    const paper = await makePaper(t.db);
    const summaryId = await makeSummary(t.db, paper.id, author.id);
    const paperPath = `/paper/arxiv/${paper.arxiv}`;
    const clients = await Promise.all(
      [0, 1, 2].map(async () => {
        const acct = await makeAccount(t.db);
        const client = createClient({ ...t, fetch: created.fetch });
        client.cookies.set("ss_session", await startSession(t.db, acct.id, "test"));
        expect((await client.get(paperPath)).status).toBe(200); // reads its form token
        return client;
      }),
    );
    expect((await anon(paperPath)).status).toBe(200);

    const other = new SqliteDatabase(t.testDb.url.slice("sqlite:".length));
    other.exec("BEGIN IMMEDIATE");
    try {
      const posts = await Promise.all(
        clients.flatMap((client) =>
          [0, 1].map(() =>
            client.post(`/summary/${summaryId}/comments`, { source: "Written while locked." }),
          ),
        ),
      );
      for (const res of posts) {
        expect(res.status).toBe(503);
        expect(res.headers.get("Retry-After")).toBe(String(DB_UNAVAILABLE_RETRY_AFTER_S));
        expect(await res.text()).toContain("reach its database right now");
      }
      expect(lines("database unavailable")).toHaveLength(1);
      expect(lines("request failed")).toHaveLength(0);
      // Reading needs no lock in WAL mode: pages, cached or not, and the health check answer.
      expect((await anon(paperPath)).status).toBe(200);
      expect((await clients[0]?.get(paperPath))?.status).toBe(200);
      expect((await anon("/healthz")).status).toBe(200);
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
    expect(await commentCount(summaryId)).toBe(0);

    const res = await clients[0]?.post(`/summary/${summaryId}/comments`, {
      source: "Now it works.",
    });
    expect(res?.status).toBe(303);
    expect(await commentCount(summaryId)).toBe(1);
  });

  it("/healthz answers 503 once the database file is gone, without naming it", async () => {
    const own = await createTestApp();
    try {
      const app = createApp(own.deps, { now: () => 0 });
      const path = own.testDb.url.slice("sqlite:".length);
      const health = () => Promise.resolve(app.fetch(new Request("http://localhost/healthz")));
      expect((await health()).status).toBe(200);
      rmSync(path);
      const res = await health();
      expect(res.status).toBe(503);
      const body = await res.text();
      expect(JSON.parse(body)).toMatchObject({
        status: "degraded",
        database: { reachable: false },
      });
      expect(body).not.toContain(path);
      await app.close();
    } finally {
      await own.close();
    }
  });
});
