// `shortscience import` on hostile files written by the test, streamed to disk (never held
// whole): a gzip of a gigabyte of spaces and a record of a million authors are read past in
// bounded time, the bad record is reported, and the good ones around it are stored.

import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IMPORT_RECORD_MAX_CHARS } from "../../src/core/limits";
import { importFile } from "../../src/import/import.service";
import { createTestDb, type TestDb } from "../helpers/test-db";

const MB = 1 << 20;
const dir = mkdtempSync(join(tmpdir(), "shortscience-import-hostile-"));
let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.drop();
  rmSync(dir, { recursive: true, force: true });
});

function* dblp(hostile: () => Iterable<string>) {
  yield '<?xml version="1.0" encoding="ISO-8859-1"?>\n<dblp>\n';
  yield '<article key="journals/hx/Before1"><author>Ann Lee</author><title>Before.</title></article>\n';
  yield* hostile();
  yield '\n<article key="journals/hx/After1"><author>Bo Chen</author><title>After.</title></article>\n';
  yield "</dblp>\n";
}

function* repeated(unit: string, times: number) {
  const perChunk = Math.max(1, Math.floor(MB / unit.length));
  for (let done = 0; done < times; done += perChunk) {
    yield unit.repeat(Math.min(perChunk, times - done));
  }
}

async function writeGzip(name: string, parts: Iterable<string>): Promise<string> {
  const file = join(dir, name);
  const bytes = Readable.from(
    (function* () {
      for (const p of parts) yield Buffer.from(p, "latin1");
    })(),
  );
  await pipeline(bytes, createGzip({ level: 9 }), createWriteStream(file));
  return file;
}

async function titles(): Promise<string[]> {
  const rows = await t.db.kysely.selectFrom("papers").select("title").orderBy("title").execute();
  return rows.map((r) => r.title);
}

describe("import dblp, hostile files", () => {
  it("reads past a gzip of a gigabyte of spaces and a record of a million authors", async () => {
    const file = await writeGzip(
      "hostile.xml.gz",
      dblp(function* () {
        yield* repeated(" ", 1024 * MB);
        yield '\n<article key="journals/hx/Many1"><title>Many.</title>';
        yield* repeated("<author>Author Name Number</author>", 1_000_000);
        yield "</article>\n";
      }),
    );
    // The spaces compress to about a megabyte, as in the report that found the hole.
    expect(statSync(file).size).toBeLessThan(3 * MB);

    const started = performance.now();
    const report = await importFile(t.db.kysely, "dblp", file);
    const ms = performance.now() - started;

    expect(report.stopped).toBe(false);
    expect(report.records).toBe(2);
    expect(report.bad).toBe(1);
    expect(report.badSamples).toEqual([
      {
        line: expect.any(Number),
        message: `journals/hx/Many1: record longer than ${IMPORT_RECORD_MAX_CHARS} characters`,
      },
    ]);
    expect(await titles()).toEqual(["After", "Before"]);
    // Generous: gunzipping a gigabyte takes a few seconds even on a loaded machine.
    expect(ms).toBeLessThan(120_000);
  });
});
