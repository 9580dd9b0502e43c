import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "../../src/db/connect";
import { type CliDatabase, createCliDatabase } from "../helpers/cli-db";
import { runCli } from "../helpers/cli-run";

// On TEST_DATABASE_URL's server when it is set (CI's PostgreSQL run), else a SQLite file.
let database: CliDatabase;
beforeAll(async () => {
  database = await createCliDatabase();
});
afterAll(() => database.drop());

/** `shortscience import` as a separate process (stdout is a pipe, not a TTY). */
const cli = (args: string[], env: Record<string, string> = {}) =>
  runCli(["import", ...args], { DATABASE_URL: database.url, ...env });

async function countPapers(): Promise<number> {
  const db = connect(database.url);
  try {
    return (await db.kysely.selectFrom("papers").select("id").execute()).length;
  } finally {
    await db.close();
  }
}

describe("shortscience import", () => {
  it("imports an arXiv snapshot, reports counts and bad lines; a re-run duplicates nothing", async () => {
    const r = await cli(["arxiv", "test/fixtures/import/arxiv-snapshot.jsonl"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /imported 7 records in [\d.]+s \(\d+ records\/s\): 7 new papers, 0 updated/,
    );
    expect(r.stdout).toMatch(/2 bad/);
    expect(r.stdout).toMatch(/line 9: not JSON/);
    expect(r.stdout).toMatch(/line 10: "id" is not an arXiv identifier/);
    const again = await cli(["arxiv", "test/fixtures/import/arxiv-snapshot.jsonl"]);
    expect(again.stdout).toMatch(/0 new papers, 0 updated, 7 unchanged/);
    expect(await countPapers()).toBe(7);
  });

  it("imports a DBLP dump", async () => {
    const r = await cli(["dblp", "test/fixtures/import/dblp.xml"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/imported 7 records/);
  });

  it.each([
    [["xml", "a.xml"], /unknown format "xml" \(one of: arxiv, dblp, shortscience-mysql\)/],
    [
      ["arxiv", "test/fixtures/import/missing.jsonl"],
      /cannot read test\/fixtures\/import\/missing.jsonl \(ENOENT\)/,
    ],
  ])("%j: a clear message, exit 2, no stack trace", async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
