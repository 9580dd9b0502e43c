import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { connect } from "../../src/db/connect";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "shortscience-cli-import-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The CLI from its TypeScript sources, as a separate process (stdout is a pipe, not a TTY). */
function cli(args: string[], env: Record<string, string> = {}) {
  // Vitest sets BASE_URL="/" (Vite's) in its own environment: not ours to pass on.
  const { BASE_URL: _vite, ...inherited } = process.env;
  return run(process.execPath, ["--import", "tsx", "src/main.ts", "import", ...args], {
    env: { ...inherited, LOG_LEVEL: "warn", DATABASE_URL: `sqlite:${join(dir, "cli.db")}`, ...env },
    timeout: 60_000,
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );
}

async function countPapers(): Promise<number> {
  const db = connect(`sqlite:${join(dir, "cli.db")}`);
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
    [["xml", "a.xml"], /unknown format "xml" \(one of: arxiv, dblp\)/],
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
