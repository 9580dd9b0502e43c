import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { connect, type Db } from "../../src/db/connect";
import { SqliteReadMemo } from "../../src/db/sqlite-read-memo";
import { StatementCache } from "../../src/db/statement-cache";

// The SQLite reader's answers are kept between commits (db/sqlite-read-memo.ts). A kept answer
// must be exactly what running the statement would give: every commit, by this process's
// writer or by another process, ends them all.

const LIMITS = { maxBytes: 64 * 1024, maxEntryBytes: 8 * 1024 };

/** better-sqlite3's Statement prototype (its class is not exported). */
function statementPrototype(): Database.Statement {
  const db = new Database(":memory:");
  try {
    return Object.getPrototypeOf(db.prepare("select 1")) as Database.Statement;
  } finally {
    db.close();
  }
}

describe.runIf(!process.env.TEST_DATABASE_URL)("SQLite read memo", () => {
  let dir: string;
  let file: string;
  let writer: Database.Database;
  let reader: Database.Database;
  let memo: SqliteReadMemo;
  let statements: StatementCache;

  // As the driver does: the reader's statements prepared once per text.
  const read = (text: string, params: unknown[] = []) =>
    memo.all(statements.prepare(text), text, params);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "shortscience-memo-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeEach(() => {
    file = join(dir, `${Math.random().toString(36).slice(2)}.db`);
    writer = new Database(file);
    writer.pragma("journal_mode = WAL");
    writer.exec("create table items (id integer primary key, name text not null, data blob)");
    writer.prepare("insert into items (id, name) values (1, 'one'), (2, 'two')").run();
    reader = new Database(file, { readonly: true });
    memo = new SqliteReadMemo(reader, LIMITS);
    statements = new StatementCache(reader);
  });
  afterEach(() => {
    reader.close();
    writer.close();
  });

  it("answers a repeated read from memory until a commit", () => {
    const q = "select name from items where id = ?";
    expect(read(q, [1])).toEqual([{ name: "one" }]);
    expect(read(q, [1])).toEqual([{ name: "one" }]);
    expect(read(q, [2])).toEqual([{ name: "two" }]);
    expect(memo.stats()).toMatchObject({ entries: 2, hits: 1, misses: 2 });
    writer.prepare("update items set name = 'uno' where id = 1").run();
    expect(read(q, [1])).toEqual([{ name: "uno" }]);
    // The commit ended every entry, the other id's too.
    expect(memo.stats()).toMatchObject({ entries: 1, hits: 1, misses: 3 });
  });

  it("sees another process's commit at the next read", () => {
    const q = "select name from items where id = 1";
    expect(read(q)).toEqual([{ name: "one" }]);
    expect(read(q)).toEqual([{ name: "one" }]);
    const other = spawnSync(
      process.execPath,
      [
        "-e",
        `const D = require("better-sqlite3"); const d = new D(process.argv[1]);
         d.prepare("update items set name = 'from elsewhere' where id = 1").run(); d.close();`,
        file,
      ],
      { cwd: process.cwd(), encoding: "utf8" },
    );
    expect(other.status, other.stderr).toBe(0);
    expect(read(q)).toEqual([{ name: "from elsewhere" }]);
  });

  it("a rolled-back write leaves the kept answers right", () => {
    const q = "select count(*) as n from items";
    expect(read(q)).toEqual([{ n: 2 }]);
    writer.exec("begin; insert into items (name) values ('gone'); rollback");
    expect(read(q)).toEqual([{ n: 2 }]);
    writer.exec("begin; insert into items (name) values ('kept'); commit");
    expect(read(q)).toEqual([{ n: 3 }]);
  });

  it("gives each caller its own rows: changing one changes no later answer", () => {
    const q = "select id, name from items order by id";
    const first = read(q);
    (first[0] as Record<string, unknown>).name = "changed by a caller";
    first.pop();
    const second = read(q);
    (second[1] as Record<string, unknown>).name = "changed again";
    expect(read(q)).toEqual([
      { id: 1, name: "one" },
      { id: 2, name: "two" },
    ]);
    expect(memo.stats().hits).toBe(2);
  });

  it("never keeps what can change without a commit: clock, chance, counters", () => {
    for (const q of [
      "select random() as r",
      "select abs(random()) % 1000 as r from items",
      "select datetime('now') as t",
      "select date() as d",
      "select unixepoch() as s",
      "select current_timestamp as t",
      "select strftime('%s') as s",
      "select changes() as c",
      "select last_insert_rowid() as i",
    ]) {
      read(q);
      read(q);
    }
    expect(memo.stats()).toMatchObject({ entries: 0, hits: 0 });
    // Not a query: a pragma is read every time.
    read("pragma page_count");
    read("pragma page_count");
    expect(memo.stats()).toMatchObject({ entries: 0, hits: 0 });
  });

  it("tells parameters apart by type and value", () => {
    const q = "select ? as v";
    expect(read(q, [1])).toEqual([{ v: 1 }]);
    expect(read(q, ["1"])).toEqual([{ v: "1" }]);
    expect(read(q, [null])).toEqual([{ v: null }]);
    expect(read(q, ["a\u0000b"])).toEqual([{ v: "a\u0000b" }]);
    expect(read(q, ["a"])).toEqual([{ v: "a" }]);
    expect(memo.stats()).toMatchObject({ entries: 5, hits: 0 });
  });

  it("keeps no answer to a number JSON would not tell apart (±Infinity, -0)", () => {
    const q = "select ? as v";
    expect(read(q, [Number.POSITIVE_INFINITY])).toEqual([{ v: Number.POSITIVE_INFINITY }]);
    expect(read(q, [null])).toEqual([{ v: null }]);
    expect(read(q, [Number.NEGATIVE_INFINITY])).toEqual([{ v: Number.NEGATIVE_INFINITY }]);
    // SQLite answers -0 to -0: the key "0" would have answered it 0.
    expect(read(q, [-0])).toEqual([{ v: -0 }]);
    expect(memo.stats()).toMatchObject({ entries: 1, hits: 0 });
  });

  it("keeps neither blobs (mutable Buffers) nor answers to Buffer parameters", () => {
    writer.prepare("update items set data = ? where id = 1").run(Buffer.from([1, 2, 3]));
    const blob = read("select data from items where id = 1");
    expect(Buffer.from(blob[0]?.data as Uint8Array)).toEqual(Buffer.from([1, 2, 3]));
    read("select ? as b", [Buffer.from("x")]);
    read("select ? as b", [Buffer.from("x")]);
    expect(memo.stats()).toMatchObject({ entries: 0, hits: 0 });
  });

  it("stays within its byte bounds, the oldest answers leaving first", () => {
    const big = "x".repeat(LIMITS.maxEntryBytes);
    read("select ? as v", [big]);
    expect(memo.stats().entries).toBe(0);
    const q = "select ? as v";
    for (let i = 0; i < 500; i++) read(q, [`${i}:${"y".repeat(500)}`]);
    const { entries, bytes } = memo.stats();
    expect(bytes).toBeLessThanOrEqual(LIMITS.maxBytes);
    expect(entries).toBeGreaterThan(10);
    expect(entries).toBeLessThan(500);
    // The newest is kept, the first went.
    read(q, [`499:${"y".repeat(500)}`]);
    read(q, [`0:${"y".repeat(500)}`]);
    expect(memo.stats().hits).toBe(1);
  });

  it("counts an empty answer too, and keeps what is read again over what was read once", () => {
    const q = "select name from items where id = ?";
    const hot = [1];
    read(q, hot);
    // Misses with empty answers (a flood of unknown session cookies) push out the oldest...
    for (let i = 0; i < 2_000; i++) {
      read(q, [1_000 + i]);
      if (i % 50 === 0) {
        const hits = memo.stats().hits;
        expect(read(q, hot)).toEqual([{ name: "one" }]);
        expect(memo.stats().hits, `hot read after ${i} misses`).toBe(hits + 1);
      }
    }
    expect(memo.stats().bytes).toBeLessThanOrEqual(LIMITS.maxBytes);
    expect(memo.stats().entries).toBeLessThan(2_000);
    // ...but not one read again meanwhile.
    const hits = memo.stats().hits;
    read(q, hot);
    expect(memo.stats().hits).toBe(hits + 1);
  });
});

describe.runIf(!process.env.TEST_DATABASE_URL)("SQLite read memo, through connect()", () => {
  let dir: string;
  let a: Db;
  let b: Db;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "shortscience-memo-db-"));
    const url = `sqlite:${join(dir, "t.db")}`;
    a = connect(url);
    b = connect(url);
    await sql`create table counter (id integer primary key, n integer not null)`.execute(a.kysely);
    await sql`insert into counter (id, n) values (1, 0)`.execute(a.kysely);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const readN = async (db: Db) =>
    (await sql<{ n: number }>`select n from counter where id = 1`.execute(db.kysely)).rows[0]?.n;

  it("answers a repeated read without running it again, until a commit", async () => {
    const all = vi.spyOn(statementPrototype(), "all");
    const runs = () =>
      all.mock.contexts.filter((st) => (st as Database.Statement).source.includes("from counter"))
        .length;
    const n = await readN(a);
    await readN(a);
    await readN(a);
    expect(runs()).toBe(1);
    await sql`update counter set n = n + 1 where id = 1`.execute(b.kysely);
    expect(await readN(a)).toBe((n ?? Number.NaN) + 1);
    expect(runs()).toBe(2);
    all.mockRestore();
    await sql`update counter set n = n - 1 where id = 1`.execute(b.kysely);
  });

  it("with the memo off (the benches' cold figures), runs every read", async () => {
    const cold = connect(`sqlite:${join(dir, "t.db")}`, { sqliteReadMemo: false });
    const all = vi.spyOn(statementPrototype(), "all");
    try {
      for (let i = 0; i < 3; i++) await readN(cold);
      expect(
        all.mock.contexts.filter((st) =>
          (st as Database.Statement).source.includes("from counter"),
        ),
      ).toHaveLength(3);
    } finally {
      all.mockRestore();
      await cold.close();
    }
  });

  it("a read after a write, on the same connection or another, sees the write", async () => {
    expect(await readN(a)).toBe(0);
    await sql`update counter set n = 1 where id = 1`.execute(a.kysely);
    expect(await readN(a)).toBe(1);
    await sql`update counter set n = 2 where id = 1`.execute(b.kysely);
    expect(await readN(a)).toBe(2);
    await a.kysely.transaction().execute(async (trx) => {
      await sql`update counter set n = 3 where id = 1`.execute(trx);
      // Inside the transaction: the writer's own view, never a kept answer.
      const { rows } = await sql<{ n: number }>`select n from counter where id = 1`.execute(trx);
      expect(rows[0]?.n).toBe(3);
    });
    expect(await readN(a)).toBe(3);
  });

  it("parallel increments on two connections: every read sees each increment acknowledged before it", async () => {
    const rounds = 40;
    const task = async (i: number) => {
      const writer = i % 2 === 0 ? a : b;
      const reader = i % 2 === 0 ? b : a;
      const { rows } = await sql<{
        n: number;
      }>`update counter set n = n + 1 where id = 1 returning n`.execute(writer.kysely);
      const seen = await readN(reader);
      const mine = rows[0]?.n ?? Number.NaN;
      expect(seen).toBeGreaterThanOrEqual(mine);
      return mine;
    };
    const before = (await readN(a)) ?? Number.NaN;
    const results = await Promise.all(Array.from({ length: rounds }, (_, i) => task(i)));
    expect(new Set(results).size).toBe(rounds);
    expect(await readN(a)).toBe(before + rounds);
    expect(await readN(b)).toBe(before + rounds);
  });
});
