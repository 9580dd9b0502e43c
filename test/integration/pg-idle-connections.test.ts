import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DB_IDLE_CONNECTION_MS } from "../../src/core/limits";
import { connect } from "../../src/db/connect";
import { createTestDb, type TestDb } from "../helpers/test-db";

// PostgreSQL: a pooled connection outlives a quiet spell (DB_IDLE_CONNECTION_MS says why: a
// new backend makes the next search 9–34 ms slower), and is still let go after a long one.
// The pool's idle timer is made to run out with fake timers; the backend's id tells whether
// the next query ran on the same connection.

const pgUrl = process.env.TEST_DATABASE_URL;

describe.runIf(pgUrl)("pooled PostgreSQL connections", () => {
  let testDb: TestDb;
  beforeAll(async () => {
    testDb = await createTestDb({ migrate: false });
  });
  afterAll(() => testDb?.drop());

  it("stay open through a minute of quiet, and close after DB_IDLE_CONNECTION_MS", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const db = connect(testDb.url);
    try {
      const backend = async () =>
        (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db.kysely)).rows[0]
          ?.pid;
      const first = await backend();
      expect(first).toEqual(expect.any(Number));
      // pg's own default would have closed it after 10 s.
      await vi.advanceTimersByTimeAsync(60_000);
      expect(await backend()).toBe(first);
      await vi.advanceTimersByTimeAsync(DB_IDLE_CONNECTION_MS + 1);
      expect(await backend()).not.toBe(first);
    } finally {
      vi.useRealTimers();
      await db.close();
    }
  });
});
