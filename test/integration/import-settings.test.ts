// The SQLite settings of a bulk import (import/import-settings.ts). FTS5's automerge is stored
// in the database, so an import that never reaches its end (a second Ctrl-C, SIGTERM, a crash)
// leaves its 0 behind. A server start puts the default back, unless an import runs in another
// process right then; an import that ends while another still runs leaves the 0 to that one.
// SQLite only, so on files of their own whatever TEST_DATABASE_URL says (PostgreSQL has
// nothing to change or put back).

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSnapshot } from "../../bench/arxiv-records";
import { connect, type Db, migrateToLatest } from "../../src/db/connect";
import type { Database } from "../../src/db/schema";
import { importFile } from "../../src/import/import.service";
import { startAppProcess } from "../helpers/app-process";
import { type ImportInProgress, startImportInProgress } from "../helpers/import-in-progress";

const RECORDS = 600;
const dir = mkdtempSync(join(tmpdir(), "shortscience-import-settings-"));
const snapshot = join(dir, "snapshot.jsonl");
const opened: Db[] = [];

beforeAll(async () => {
  await generateSnapshot(snapshot, RECORDS);
}, 60_000);
afterAll(async () => {
  await Promise.all(opened.map((db) => db.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function migratedDb(name: string): Promise<{ file: string; db: Kysely<Database> }> {
  const file = join(dir, name);
  const db = connect(`sqlite:${file}`);
  opened.push(db);
  await migrateToLatest(db);
  return { file, db: db.kysely };
}

/** The index's stored automerge, read on a handle of its own: callable at any moment. */
function automergeIn(file: string): number | null {
  const handle = new Sqlite(file, { readonly: true });
  try {
    const row = handle.prepare("select v from search_papers_config where k = 'automerge'").get();
    return row ? Number((row as { v: unknown }).v) : null;
  } finally {
    handle.close();
  }
}

async function setAutomerge(db: Kysely<Database>, value: number): Promise<void> {
  await sql
    .raw(`insert into search_papers(search_papers, rank) values ('automerge', ${value})`)
    .execute(db);
}

async function serveOnce(file: string): Promise<void> {
  const app = await startAppProcess(`sqlite:${file}`);
  await app.close();
}

describe("an import in another process, then killed", () => {
  let file: string;
  let db: Kysely<Database>;
  let other: ImportInProgress;
  beforeAll(async () => {
    ({ file, db } = await migratedDb("killed.db"));
    other = await startImportInProgress(file);
  }, 60_000);
  afterAll(() => other?.kill());

  it("keeps the running import's 0 when a server starts", async () => {
    expect(automergeIn(file)).toBe(0);
    await serveOnce(file);
    expect(automergeIn(file)).toBe(0);
  }, 60_000);

  it("leaves the 0 to the import still running when an import here ends", async () => {
    const during: (number | null)[] = [];
    const report = await importFile(db, "arxiv", snapshot, {
      batchSize: 200,
      onProgress: () => during.push(automergeIn(file)),
    });
    expect(report).toMatchObject({ records: RECORDS, inserted: RECORDS });
    expect(during).toEqual([0, 0, 0, 0]);
    expect(automergeIn(file)).toBe(0);
  }, 60_000);

  it("puts the default back at the next server start once that import was killed", async () => {
    await other.kill();
    // What the killed import left: nothing put it back.
    expect(automergeIn(file)).toBe(0);
    await serveOnce(file);
    expect(automergeIn(file)).toBe(4);
  }, 60_000);
});

describe("an import on a database an earlier import left at 0", () => {
  it("runs with 0 and ends with the default back", async () => {
    const { file, db } = await migratedDb("leftover.db");
    await setAutomerge(db, 0);
    const during: (number | null)[] = [];
    await importFile(db, "arxiv", snapshot, {
      batchSize: 300,
      onProgress: () => during.push(automergeIn(file)),
    });
    expect(during).toEqual([0, 0, 0]);
    expect(automergeIn(file)).toBe(4);
  }, 60_000);
});

describe("an import that fails", () => {
  it("reports its own error even when its settings cannot be put back", async () => {
    const { file, db } = await migratedDb("failing.db");
    await setAutomerge(db, 7);
    let batches = 0;
    const error = await importFile(db, "arxiv", snapshot, {
      batchSize: 200,
      onProgress: () => {
        if (++batches < 2) return;
        // The database goes away (every restore will fail), and the import fails its own way.
        void db.destroy();
        throw new Error("the import's own failure");
      },
    }).catch((e: unknown) => e);
    expect((error as Error).message).toBe("the import's own failure");
    // The restore could not run: the next server start must not leave the 0 for good either.
    expect(automergeIn(file)).toBe(0);
    await serveOnce(file);
    expect(automergeIn(file)).toBe(4);
  }, 60_000);
});
