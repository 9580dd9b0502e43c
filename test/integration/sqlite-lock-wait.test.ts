import { EventEmitter, once } from "node:events";
import { type IntervalHistogram, monitorEventLoopDelay } from "node:perf_hooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type App, createApp } from "../../src/app";
import { startSession } from "../../src/auth/sessions.service";
import { DB_UNAVAILABLE_RETRY_AFTER_S, PAGE_CACHE_REVALIDATE_MS } from "../../src/core/limits";
import { connect, type Db, migrateToLatest } from "../../src/db/connect";
import { createClient, type TestClient } from "../helpers/client";
import { makeAccount, makePaper, makeSummary, makeUser } from "../helpers/factories";
import { type HeldLock, holdSqliteWriteLock } from "../helpers/sqlite-lock-holder";
import { createTestApp, type TestApp } from "../helpers/test-app";

// Another process (a backup, an import, a CLI command) holds SQLite's write lock. Waiting for
// it must never stop this process: cached pages, other pages and /healthz answer at once, the
// event loop keeps turning, and writes either go through once the lock is free or give up
// together after the lock wait with a 503.

/** Shorter than SQLITE_LOCK_WAIT_MS so the test is quick; the mechanism is the same. */
const LOCK_WAIT_MS = 3_000;
/** Generous for a loaded CI machine; a synchronous wait for the lock takes seconds. */
const PROMPT_MS = 1_000;
/** The longest the event loop may stall: one short busy_timeout, plus a loaded machine. */
const MAX_LOOP_STALL_MS = 500;

describe.runIf(!process.env.TEST_DATABASE_URL)(
  "SQLite's write lock held by another process",
  () => {
    let t: TestApp;
    let own: Db;
    let created: App;
    let time = 1_000_000;
    let holder: HeldLock | null = null;
    let loop: IntervalHistogram | null = null;
    const busy = new EventEmitter();

    beforeAll(async () => {
      t = await createTestApp();
      own = connect(t.testDb.url, {
        sqliteLockWait: { lockWaitMs: LOCK_WAIT_MS, onBusy: () => busy.emit("busy") },
      });
      created = createApp({ ...t.deps, db: own.kysely }, { now: () => time });
    });
    afterEach(async () => {
      loop?.disable();
      await holder?.close();
      holder = null;
    });
    afterAll(async () => {
      await created.close();
      await own.close();
      await t.close();
    });

    const anon = (path: string) =>
      Promise.resolve(created.fetch(new Request(`http://localhost${path}`)));
    const file = () => t.testDb.url.slice("sqlite:".length);

    async function setUp(readers: number) {
      const author = await makeUser(t.db);
      const paper = await makePaper(t.db);
      const summaryId = await makeSummary(t.db, paper.id, author.id);
      const paperPath = `/paper/arxiv/${paper.arxiv}`;
      const clients: TestClient[] = [];
      for (let i = 0; i < readers; i++) {
        const account = await makeAccount(t.db);
        const client = createClient({ ...t, fetch: created.fetch });
        client.cookies.set("ss_session", await startSession(t.db, account.id, "test"));
        expect((await client.get(paperPath)).status).toBe(200); // reads its form token
        clients.push(client);
      }
      expect((await anon(paperPath)).status).toBe(200); // now cached for anonymous readers
      return { summaryId, paperPath, clients };
    }

    const score = async (summaryId: number) =>
      (
        await t.db
          .selectFrom("summaries")
          .select("score")
          .where("id", "=", summaryId)
          .executeTakeFirstOrThrow()
      ).score;
    const comments = async (summaryId: number) =>
      (await t.db.selectFrom("comments").select("id").where("summary_id", "=", summaryId).execute())
        .length;

    /** Starts measuring the event loop's longest stall (warm code first: compiling isn't a stall). */
    function watchLoop(): IntervalHistogram {
      loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      return loop;
    }
    const stalledMs = (h: IntervalHistogram) => h.max / 1e6;

    async function timed(request: () => Promise<Response>) {
      const started = performance.now();
      const res = await request();
      await res.arrayBuffer();
      return { res, ms: performance.now() - started };
    }

    it("keeps serving while writes wait, then the writes give up together with a 503", async () => {
      const { summaryId, paperPath, clients } = await setUp(4);
      const h = watchLoop();
      holder = await holdSqliteWriteLock(file());

      const waiting = once(busy, "busy");
      let settled = 0;
      const writes = clients.map(async (client, i) => {
        const started = performance.now();
        const res =
          i % 2 === 0
            ? await client.post(`/summary/${summaryId}/vote`, { value: "1" })
            : await client.post(`/summary/${summaryId}/comments`, {
                source: "Written while locked.",
              });
        settled++;
        return { res, ms: performance.now() - started };
      });
      // Until a write is refused as busy (or, if one blocked the process instead, they ended).
      await Promise.race([waiting, Promise.all(writes)]);

      // While the writes wait: a cached page (its version re-read too), a page read for a
      // signed-in reader, and the health check answer at once.
      time += PAGE_CACHE_REVALIDATE_MS;
      const reads = [
        await timed(() => anon(paperPath)),
        await timed(() => anon("/healthz")),
        await timed(() => (clients[0] as TestClient).get("/venues")),
      ];
      expect(settled).toBe(0); // the reads did not wait for the writes to give up
      for (const { res, ms } of reads) {
        expect(res.status).toBe(200);
        expect(ms).toBeLessThan(PROMPT_MS);
      }

      for (const { res, ms } of await Promise.all(writes)) {
        expect(res.status).toBe(503);
        expect(res.headers.get("Retry-After")).toBe(String(DB_UNAVAILABLE_RETRY_AFTER_S));
        expect(await res.text()).toContain("reach its database right now");
        expect(ms).toBeGreaterThanOrEqual(LOCK_WAIT_MS * 0.9);
        // One after the other they would take 3, 6, 9, 12 s: queued writes share the wait.
        expect(ms).toBeLessThan(LOCK_WAIT_MS + 2_500);
      }
      expect(stalledMs(h)).toBeLessThan(MAX_LOOP_STALL_MS);

      await holder.release();
      expect(await score(summaryId)).toBe(0);
      expect(await comments(summaryId)).toBe(0);
    });

    it("a write waiting for the lock goes through once it is released", async () => {
      const { summaryId, clients } = await setUp(2);
      const [voter, commenter] = clients as [TestClient, TestClient];
      const h = watchLoop();
      holder = await holdSqliteWriteLock(file());

      const waiting = once(busy, "busy");
      const vote = voter.post(`/summary/${summaryId}/vote`, { value: "1" });
      const comment = commenter.post(`/summary/${summaryId}/comments`, { source: "Waited." });
      await Promise.race([waiting, Promise.all([vote, comment])]);
      // The other process commits a write of its own as it lets go: transactions that had read
      // before it (a stale snapshot) could never write; ours start with a write, so they retry.
      await holder.release("commit-write");

      expect((await vote).status).toBe(303);
      expect((await comment).status).toBe(303);
      expect(await score(summaryId)).toBe(1);
      expect(await comments(summaryId)).toBe(1);
      expect(stalledMs(h)).toBeLessThan(MAX_LOOP_STALL_MS);
    });

    it("starting beside another process's migration waits for it, past a request's lock wait", async () => {
      const lockWaitMs = 100;
      const starting = connect(t.testDb.url, {
        sqliteLockWait: { lockWaitMs, onBusy: () => busy.emit("busy") },
      });
      try {
        const h = watchLoop();
        holder = await holdSqliteWriteLock(file());
        const started = performance.now();
        let done = false;
        const migrating = migrateToLatest(starting).finally(() => {
          done = true;
        });
        migrating.catch(() => {}); // awaited below, unless an expectation fails first
        // Until several of a request's lock waits have passed (each refusal is an event).
        while (!done && performance.now() - started < 5 * lockWaitMs) {
          await Promise.race([once(busy, "busy"), migrating]);
        }
        expect(done).toBe(false);
        await holder.release("commit-write");
        expect(await migrating).toEqual([]); // nothing pending; it ran under the lock
        expect(stalledMs(h)).toBeLessThan(MAX_LOOP_STALL_MS);
      } finally {
        await starting.close();
      }
    });
  },
);
