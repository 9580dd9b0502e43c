import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "../../src/core/errors";
import {
  isDatabaseUnavailable,
  isQueryCanceled,
  ReadCanceledError,
  ReadPoolUnavailableError,
} from "../../src/db/db-errors";
import { readPoolOf } from "../../src/db/sqlite-read-dialect";
import { createSqliteReadPool, type SqliteReadPool } from "../../src/db/sqlite-read-pool";
import { upsertPapers } from "../../src/papers/paper-store.service";
import { searchLocal } from "../../src/search/search.service";
import { readSearchParams } from "../../src/search/search-params";
import { paperRecord, searchFor } from "../helpers/search-fixtures";
import { createTestApp, type TestApp } from "../helpers/test-app";

// SQLite reads for search run on worker threads (db/sqlite-read-pool.ts): a statement that
// would run for ever holds a thread, not the event loop, and is stopped at its deadline.

let dir: string;
let pool: SqliteReadPool;

/** A statement that ends by itself, after a second or more: it counts to ten million. */
const LONG =
  "with recursive c(x) as (select 1 union all select x + 1 from c where x < 10000000) " +
  "select count(*) as n from c";

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "shortscience-read-pool-"));
  const file = join(dir, "read.db");
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.exec("create table animals (name text); insert into animals values ('quokka'), ('bilby')");
  db.close();
  pool = createSqliteReadPool(file, 1);
});
afterAll(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the SQLite read pool", () => {
  it("gives a read up at its deadline while the event loop runs, and holds its place until the statement ends", async () => {
    // The thread started and its handle open first, so the deadline falls in the statement.
    expect(await pool.read("select 1 as one", [], Date.now() + 120_000)).toEqual([{ one: 1 }]);
    const events: string[] = [];
    const read = pool.read(LONG, [], Date.now() + 100).then(
      () => events.push("answered"),
      (error: unknown) => {
        events.push(error instanceof ReadCanceledError ? "given up" : String(error));
        expect(isQueryCanceled(error)).toBe(true);
      },
    );
    // Were the statement on this thread, this timer would wait for it to end.
    await new Promise((resolve) => setTimeout(resolve, 20));
    events.push("timer");
    await read;
    expect(events).toEqual(["timer", "given up"]);
    // better-sqlite3 can't be interrupted: the statement runs on, and the pool's one thread is
    // still taken, so the next read waits for it rather than start a second statement.
    expect(pool.running).toBe(1);
    const next = pool.read("select name from animals order by name", [], Date.now() + 120_000);
    expect(pool.running).toBe(1);
    expect(await next).toEqual([{ name: "bilby" }, { name: "quokka" }]);
    expect(pool.running).toBe(0);
  });

  it("answers with parameters, and passes SQLite's errors on with their code", async () => {
    expect(
      await pool.read("select name from animals where name = ?", ["quokka"], Date.now() + 10_000),
    ).toEqual([{ name: "quokka" }]);
    await expect(
      pool.read("select * from no_such_table", [], Date.now() + 10_000),
    ).rejects.toMatchObject({ code: "SQLITE_ERROR", message: expect.stringContaining("no such") });
  });

  it("refuses to write", async () => {
    await expect(
      pool.read("insert into animals values ('numbat')", [], Date.now() + 10_000),
    ).rejects.toThrow();
    expect(await pool.read("select count(*) as n from animals", [], Date.now() + 10_000)).toEqual([
      { n: 2 },
    ]);
  });

  it("a thread's kept answers end at the next commit, by any connection", async () => {
    const count = async () =>
      (await pool.read("select count(*) as n from animals", [], Date.now() + 10_000)) as {
        n: number;
      }[];
    const before = (await count())[0]?.n ?? Number.NaN;
    expect(await count()).toEqual([{ n: before }]);
    const writer = new Database(join(dir, "read.db"));
    try {
      writer.prepare("insert into animals values ('numbat')").run();
      expect(await count()).toEqual([{ n: before + 1 }]);
      writer.prepare("delete from animals where name = 'numbat'").run();
      expect(await count()).toEqual([{ n: before }]);
    } finally {
      writer.close();
    }
  });

  it("once closed, refuses reads as the database being unavailable (a 503), not a bug", async () => {
    const closing = createSqliteReadPool(join(dir, "read.db"), 1);
    expect(await closing.read("select 1 as one", [], Date.now() + 10_000)).toEqual([{ one: 1 }]);
    await closing.close();
    const refused = await closing.read("select 1", [], Date.now() + 10_000).catch((e) => e);
    expect(refused).toBeInstanceOf(ReadPoolUnavailableError);
    expect(isDatabaseUnavailable(refused)).toBe(true);
    expect(isQueryCanceled(refused)).toBe(false);
  });

  it("refuses a read whose deadline has passed without running it", async () => {
    const before = pool.reads;
    await expect(pool.read("select 1", [], Date.now() - 1)).rejects.toBeInstanceOf(
      ReadCanceledError,
    );
    expect(pool.reads).toBe(before);
  });
});

describe("search on a SQLite file database", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await upsertPapers(t.db, [paperRecord("Wombat burrows")]);
  });
  afterAll(() => t.close());

  it("reads through the pool, and a search out of time is the reader's search_timeout", async () => {
    const readPool = readPoolOf(t.db, "search");
    // PostgreSQL has no read pool: its statements stop themselves (statement_timeout).
    if (t.testDb.db.dialect !== "sqlite") {
      expect(readPool).toBeNull();
      return;
    }
    expect(readPool).not.toBeNull();
    const before = readPool?.reads ?? 0;
    const found = await searchFor(t.db, { q: "wombat" });
    expect(found.paperHits.map((h) => h.titleHtml)).toEqual(["<mark>Wombat</mark> burrows"]);
    expect(readPool?.reads ?? 0).toBeGreaterThan(before);
    const late = searchLocal(
      t.db,
      readSearchParams((name) => (name === "q" ? "wombat" : undefined)),
      { timeoutMs: 0 },
    );
    await expect(late).rejects.toBeInstanceOf(DomainError);
    await expect(late).rejects.toMatchObject({ code: "search_timeout" });
  });
});
