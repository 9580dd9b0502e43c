import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "../../src/db/connect";
import { type CliDatabase, createCliDatabase } from "../helpers/cli-db";
import { runCli } from "../helpers/cli-run";

// `shortscience import shortscience-mysql` and `shortscience export` as separate processes,
// on TEST_DATABASE_URL's server when it is set, else a SQLite file.
let database: CliDatabase;
beforeAll(async () => {
  database = await createCliDatabase();
});
afterAll(() => database.drop());

const cli = (args: string[]) => runCli(args, { DATABASE_URL: database.url });
const lines = (file: string) =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe("shortscience import shortscience-mysql / export", () => {
  it("refuses bad usage and unreadable files with exit 2", async () => {
    expect((await cli(["import", "shortscience-mysql"])).code).toBe(2);
    const missing = await cli(["import", "shortscience-mysql", "/nonexistent/dump.sql"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read \/nonexistent\/dump\.sql \(ENOENT\)/);
    expect((await cli(["export"])).code).toBe(2);
  });

  it("imports the dump (bad rows counted, exit 0), then exports only what the public sees", async () => {
    const dir = mkdtempSync(join(tmpdir(), "legacy-cli-"));
    const dump = join(dir, "dump.sql");
    // The fixture plus hostile tails: a bad value, a NUL in text, a truncated statement.
    writeFileSync(
      dump,
      `${readFileSync("test/fixtures/import/original-site.sql", "utf8")}` +
        "INSERT INTO `comments` VALUES (10,'journals/corr/1609.05473',1,2,oops,'2017-01-02 10:00:00',NULL);\n" +
        "INSERT INTO `comments` VALUES (11,'journals/corr/1609.05473',1,2,'nul\\0here','2017-01-02 10:00:00',NULL);\n" +
        "INSERT INTO `comments` VALUES (12,'journals/corr/1609.05473',1,2,'cut",
    );
    const r = await cli(["import", "shortscience-mysql", dump]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/vignettes: 4 read, 3 written, 0 unchanged, 1 skipped/);
    expect(r.stdout).toMatch(/renamed admin → admin-legacy/);
    expect(r.stdout).toMatch(/contains a NUL character/);
    const again = await cli(["import", "shortscience-mysql", dump]);
    expect(again.stdout).toMatch(/vignettes: 4 read, 0 written, 3 unchanged/);

    const out = join(dir, "out");
    const e = await cli(["export", out]);
    expect(e.stderr).toBe("");
    expect(e.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      "comments.jsonl",
      "manifest.json",
      "papers.jsonl",
      "summaries.jsonl",
      "votes.jsonl",
    ]);
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(manifest.licence.name).toBe("CC BY 4.0");
    const papers = lines(join(out, "papers.jsonl"));
    const summaries = lines(join(out, "summaries.jsonl"));
    const comments = lines(join(out, "comments.jsonl"));
    const votes = lines(join(out, "votes.jsonl"));
    expect(manifest.files).toEqual({
      "papers.jsonl": papers.length,
      "summaries.jsonl": summaries.length,
      "votes.jsonl": votes.length,
      "comments.jsonl": comments.length,
    });

    const db = connect(database.url);
    try {
      const listed = await db.kysely
        .selectFrom("summaries")
        .select("id")
        .where("is_private", "=", 0)
        .execute();
      expect(summaries.map((s) => s.id).sort()).toEqual(listed.map((s) => s.id).sort());
      expect(papers).toHaveLength(
        (await db.kysely.selectFrom("papers").select("id").execute()).length,
      );
    } finally {
      await db.close();
    }
    // The private summary and its comment, and the deleted comment, are absent.
    expect(summaries.some((s) => String(s.source).includes("private note"))).toBe(false);
    expect(comments.map((c) => c.source)).toEqual([
      "Nice summary, thanks!",
      "Is this 'correct'?\nYes.",
    ]);
    const anonymous = summaries.find((s) => s.anonymous === true);
    expect(anonymous?.author).toBeNull();
    expect(summaries.find((s) => s.anonymous === false)?.author).toBe("alice");
    expect(summaries[0]?.revisions).toHaveLength(1);
    expect(votes).toEqual(
      expect.arrayContaining([expect.objectContaining({ score: 1, up: 2, down: 1 })]),
    );
    expect(
      papers.find(
        (p) => p.title === "SeqGAN: Sequence Generative Adversarial Nets with Policy Gradient",
      )?.identifiers,
    ).toEqual([{ scheme: "arxiv", value: "1609.05473" }]);
  }, 120_000);
});
