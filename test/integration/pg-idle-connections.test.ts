import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { DB_IDLE_CONNECTION_MS } from "../../src/core/limits";
import { connect, type Db } from "../../src/db/connect";
import { createTestDb, type TestDb } from "../helpers/test-db";

// PostgreSQL: a pooled connection outlives a quiet spell (DB_IDLE_CONNECTION_MS says why: on
// the search bench's database, searches ran 9–34 ms slower on new connections), and is still
// let go after a long one. The pool's idle timer is made to run out with fake timers; the
// backend's id tells whether the next query ran on the same connection.

const pgUrl = process.env.TEST_DATABASE_URL;

describe.runIf(pgUrl)("pooled PostgreSQL connections", () => {
  let testDb: TestDb;
  let db: Db | undefined;
  beforeAll(async () => {
    testDb = await createTestDb({ migrate: false });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await db?.close();
  });
  afterAll(() => testDb?.drop());

  it("stay open through a minute of quiet, and close after DB_IDLE_CONNECTION_MS", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const pool = connect(testDb.url);
    db = pool;
    const backend = async () =>
      (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(pool.kysely)).rows[0]
        ?.pid;
    const first = await backend();
    expect(first).toEqual(expect.any(Number));
    // pg's own default would have closed it after 10 s.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await backend()).toBe(first);
    await vi.advanceTimersByTimeAsync(DB_IDLE_CONNECTION_MS + 1);
    expect(await backend()).not.toBe(first);
  });
});
