import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { connect, type Db } from "../../src/db/connect";
import { isDatabaseUnavailable } from "../../src/db/db-errors";
import { StatementCache } from "../../src/db/statement-cache";

// The SQLite driver keeps prepared statements by SQL text (db/statement-cache.ts). Kept
// statements must give the same answers as fresh ones, stay bounded, follow schema changes,
// and fail the way fresh ones do.

describe.runIf(!process.env.TEST_DATABASE_URL)("SQLite prepared-statement cache", () => {
  let dir: string;
  let db: Db;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "shortscience-stmt-"));
    db = connect(`sqlite:${join(dir, "t.db")}`);
    await sql`create table items (id integer primary key, name text not null unique)`.execute(
      db.kysely,
    );
  });
  afterEach(() => vi.restoreAllMocks());
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("prepares a statement once and gives the same results each time, reads and writes", async () => {
    const prepare = vi.spyOn(Database.prototype, "prepare");
    for (let i = 0; i < 20; i++) {
      await sql`insert into items (name) values (${`n${i}`})`.execute(db.kysely);
    }
    const answers: unknown[] = [];
    for (let i = 0; i < 20; i++) {
      answers.push((await sql`select name from items where id = ${i + 1}`.execute(db.kysely)).rows);
    }
    expect(answers).toEqual(Array.from({ length: 20 }, (_, i) => [{ name: `n${i}` }]));
    // One insert on the writer; the select tried on the reader (where it runs).
    const texts = prepare.mock.calls.map((c) => c[0]);
    expect(texts.filter((t) => t.startsWith("insert"))).toHaveLength(1);
    expect(texts.filter((t) => t.startsWith("select name"))).toHaveLength(1);
  });

  it("follows a schema change: a kept `select *` sees added columns and a re-made table", async () => {
    await sql`create table shapes (a integer)`.execute(db.kysely);
    await sql`insert into shapes (a) values (1)`.execute(db.kysely);
    const all = () => sql`select * from shapes`.execute(db.kysely).then((r) => r.rows);
    expect(await all()).toEqual([{ a: 1 }]);
    await sql`alter table shapes add column b text not null default 'x'`.execute(db.kysely);
    expect(await all()).toEqual([{ a: 1, b: "x" }]);
    await sql`drop table shapes`.execute(db.kysely);
    await expect(all()).rejects.toThrow(/no such table/);
    await sql`create table shapes (z text)`.execute(db.kysely);
    await sql`insert into shapes (z) values ('new')`.execute(db.kysely);
    expect(await all()).toEqual([{ z: "new" }]);
  });

  it("a kept insert still reports a unique violation as such, not as an outage", async () => {
    const insert = (name: string) =>
      sql`insert into items (name) values (${name})`.execute(db.kysely);
    await insert("dup");
    for (let i = 0; i < 2; i++) {
      const error = await insert("dup").catch((e: unknown) => e);
      expect((error as { code?: string }).code).toBe("SQLITE_CONSTRAINT_UNIQUE");
      expect(isDatabaseUnavailable(error)).toBe(false);
    }
  });

  it("a statement that fails to prepare fails every time, and is not kept", async () => {
    const bad = () => sql`select nope from items`.execute(db.kysely);
    await expect(bad()).rejects.toThrow(/no such column/);
    await expect(bad()).rejects.toThrow(/no such column/);
  });

  it("writes in a transaction see their own rows through kept statements", async () => {
    const count = () =>
      sql<{ n: number }>`select count(*) as n from items where name like 'tx%'`.execute(db.kysely);
    await count();
    await db.kysely.transaction().execute(async (trx) => {
      await sql`insert into items (name) values ('tx1')`.execute(trx);
      const inside = await sql<{
        n: number;
      }>`select count(*) as n from items where name like 'tx%'`.execute(trx);
      expect(inside.rows[0]?.n).toBe(1);
    });
    expect((await count()).rows[0]?.n).toBe(1);
  });
});

describe("StatementCache bounds", () => {
  let handle: Database.Database;
  beforeAll(() => {
    handle = new Database(":memory:");
  });
  afterAll(() => handle.close());

  it("keeps at most maxEntries statements, dropping the least recently used", () => {
    const cache = new StatementCache(handle, { maxEntries: 3, maxSqlBytes: 1_000_000 });
    const first = cache.prepare("select 1");
    cache.prepare("select 2");
    cache.prepare("select 3");
    expect(cache.prepare("select 1")).toBe(first); // used again: now the most recent
    cache.prepare("select 4"); // drops "select 2"
    expect(cache.size).toBe(3);
    expect(cache.prepare("select 1")).toBe(first);
    const prepare = vi.spyOn(handle, "prepare");
    cache.prepare("select 2");
    expect(prepare).toHaveBeenCalledTimes(1);
    prepare.mockRestore();
  });

  it("bounds the SQL texts' total length, and never keeps a text over the budget", () => {
    const cache = new StatementCache(handle, { maxEntries: 100, maxSqlBytes: 40 });
    for (let i = 0; i < 10; i++) cache.prepare(`select ${i} as value_${i}`); // 20 chars each
    expect(cache.sqlBytes).toBeLessThanOrEqual(40);
    expect(cache.size).toBe(2);
    const long = `select ${"1 + ".repeat(20)}1`;
    expect(cache.prepare(long).get()).toBeDefined();
    expect(cache.size).toBe(2);
    expect(cache.sqlBytes).toBeLessThanOrEqual(40);
  });

  it("keeps nothing for a text that fails to prepare", () => {
    const cache = new StatementCache(handle, { maxEntries: 10, maxSqlBytes: 1_000 });
    expect(() => cache.prepare("select from")).toThrow();
    expect(cache.size).toBe(0);
  });
});
