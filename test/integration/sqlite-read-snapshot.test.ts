import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cacheTag } from "../../src/core/cache-tags";
import { connect, type Db } from "../../src/db/connect";
import { writeVisible } from "../../src/db/content-version";
import type { Database as Schema } from "../../src/db/schema";
import { startReadEpoch } from "../../src/db/sqlite-read-snapshot";
import { makePaper } from "../helpers/factories";
import { sessionClient } from "../helpers/sessions";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { createTestDb } from "../helpers/test-db";

// Issue 12, point 1: the SQLite reader's consecutive reads share one read transaction
// (db/sqlite-read-snapshot.ts), which saves three system calls a read. It must end before any
// read could miss a write it has to see: a request's own arrival, any write of this process,
// a failed read, and the end of the event loop's turn. `other` is a second connection to the
// file, outside our driver: what another process's write looks like to this one.

/** One turn of the event loop: the shared snapshot ends at its end. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe.runIf(!process.env.TEST_DATABASE_URL)("the SQLite reader's shared snapshot", () => {
  let dir: string;
  let db: Db;
  let second: Db;
  let other: Database.Database;

  const nameOf = async (id: number, via: Db = db) =>
    (await sql<{ name: string }>`select name from items where id = ${id}`.execute(via.kysely))
      .rows[0]?.name;
  const otherWrites = (id: number, name: string) =>
    other.prepare("update items set name = ? where id = ?").run(name, id);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "shortscience-snapshot-"));
    const file = join(dir, "t.db");
    db = connect(`sqlite:${file}`);
    await sql`create table items (id integer primary key, name text not null)`.execute(db.kysely);
    second = connect(`sqlite:${file}`);
    other = new Database(file, { timeout: 0 });
  });
  beforeEach(async () => {
    await sql`delete from items`.execute(db.kysely);
    for (let id = 1; id <= 60; id++) {
      await sql`insert into items (id, name) values (${id}, ${"first"})`.execute(db.kysely);
    }
    await nextTurn();
  });
  afterAll(async () => {
    other.close();
    await second.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("shares one snapshot between consecutive reads, until a new epoch begins", async () => {
    expect(await nameOf(1)).toBe("first");
    otherWrites(1, "second");
    // Same turn, same epoch: the read transaction the first read opened is still the one.
    expect(await nameOf(1)).toBe("first");
    startReadEpoch();
    expect(await nameOf(1)).toBe("second");
  });

  it("ends the snapshot at the end of the event loop's turn", async () => {
    expect(await nameOf(2)).toBe("first");
    otherWrites(2, "second");
    // While the snapshot is open, a checkpoint can't reset the WAL past it.
    expect(other.pragma("wal_checkpoint(TRUNCATE)", { simple: false })).toEqual([
      expect.objectContaining({ busy: 1 }),
    ]);
    await nextTurn();
    expect(other.pragma("wal_checkpoint(TRUNCATE)", { simple: false })).toEqual([
      expect.objectContaining({ busy: 0 }),
    ]);
    expect(await nameOf(2)).toBe("second");
  });

  it("reads a write made through the writer at once, on this Db or another of the process", async () => {
    expect(await nameOf(3)).toBe("first");
    await sql`update items set name = ${"own"} where id = ${3}`.execute(db.kysely);
    expect(await nameOf(3)).toBe("own");
    await sql`update items set name = ${"other Db"} where id = ${3}`.execute(second.kysely);
    expect(await nameOf(3)).toBe("other Db");
    // And a transaction's writes, once it commits.
    await db.kysely.transaction().execute(async (trx) => {
      await sql`update items set name = ${"in a transaction"} where id = ${3}`.execute(trx);
      expect(await nameOf(3)).toBe("other Db");
    });
    expect(await nameOf(3)).toBe("in a transaction");
  });

  it("ends the snapshot when a read fails", async () => {
    expect(await nameOf(4)).toBe("first");
    otherWrites(4, "second");
    await expect(
      sql`select json_extract(${"not json"}, '$.a') as a`.execute(db.kysely),
    ).rejects.toThrow(/json/i);
    expect(await nameOf(4)).toBe("second");
  });

  it("gives each of 60 interleaved chains its own write back, whatever the others read", async () => {
    const chains = Array.from({ length: 60 }, (_, i) => i + 1).map(async (id) => {
      const before = await nameOf(id);
      await sql`update items set name = ${`chain ${id}`} where id = ${id}`.execute(
        id % 2 ? db.kysely : second.kysely,
      );
      const after = await nameOf(id);
      const neighbour = await nameOf(id === 60 ? 1 : id + 1);
      return { before, after, neighbour };
    });
    const results = await Promise.all(chains);
    for (const [i, r] of results.entries()) {
      expect(r.before).toBe("first");
      expect(r.after).toBe(`chain ${i + 1}`);
      expect(["first", `chain ${i === 59 ? 1 : i + 2}`]).toContain(r.neighbour);
    }
  });
});

describe.runIf(!process.env.TEST_DATABASE_URL)("a request's reads", () => {
  let t: TestApp;
  let other: Database.Database;
  /** The app's own write path, through kysely's stock driver on a connection of its own. */
  let elsewhere: Kysely<Schema>;
  beforeAll(async () => {
    const testDb = await createTestDb();
    t = await createTestApp({ testDb });
    other = new Database(testDb.url.slice("sqlite:".length), { timeout: 0 });
    elsewhere = new Kysely<Schema>({ dialect: new SqliteDialect({ database: other }) });
  });
  afterAll(async () => {
    await elsewhere.destroy();
    await t.close();
  });

  it("see a write another process committed just before the request came, in the same turn", async () => {
    const paper = await makePaper(t.db, { title: "Title before" });
    const { client } = await sessionClient(t);
    const path = `/paper/arxiv/${paper.arxiv}`;
    const title = async () => {
      const res = await client.get(path);
      expect(res.status).toBe(200);
      return /<h1[^>]*>([^<]*)/.exec(await res.text())?.[1];
    };
    // A logged-in page reads its template's tag versions, the session and the reader's parts on
    // the main handle, within one turn of the event loop: the shared snapshot is open after it.
    expect(await title()).toBe("Title before");
    await writeVisible(
      elsewhere,
      (trx) =>
        trx
          .updateTable("papers")
          .set({ title: "Title after" })
          .where("id", "=", paper.id)
          .execute(),
      { tags: () => [cacheTag.paper(paper.id)] },
    );
    expect(await title()).toBe("Title after");
  });
});
