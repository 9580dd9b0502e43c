// `shortscience refresh-metadata` (issue 10, point 1): asks the services now about every
// hand-entered paper, whenever it was last asked and whatever the cache says, through the
// same function the server runs hourly, and prints the counts. In-process with a replayed
// arXiv, and as its own process (services switched off), on SQLite and PostgreSQL.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeRefresh, runRefreshMetadataCommand } from "../../src/cli/refresh-metadata-command";
import { connect } from "../../src/db/connect";
import {
  confirmHandEnteredPapers,
  saveHandEnteredPaper,
} from "../../src/papers/hand-entered.service";
import { parsePaperId } from "../../src/papers/ids";
import { parsePaperDetails } from "../../src/papers/paper-details";
import { createMetadataService } from "../../src/papers/resolvers/default-resolvers";
import type { ReplayServer } from "../fixtures/metadata/harness";
import { type CliDatabase, createCliDatabase } from "../helpers/cli-db";
import { runCli } from "../helpers/cli-run";
import { checkServices, startKnowingArxiv } from "../helpers/hand-entered-services";
import { createTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
let arxiv: ReplayServer;
let knows: Set<string>;
const databases: CliDatabase[] = [];

beforeAll(async () => {
  ({ server: arxiv, knows } = await startKnowingArxiv());
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
  await arxiv.close();
  for (const db of databases) await db.drop();
});

const details = (title: string) =>
  parsePaperDetails({ title, authors: "Typed Author", year: "2021", venue: "", abstract: "" });

function paperId(text: string) {
  const id = parsePaperId(text);
  if (!id) throw new Error(text);
  return id;
}

async function sourceOf(db: TestApp["db"], arxivId: string) {
  const row = await db
    .selectFrom("paper_identifiers as i")
    .innerJoin("papers as p", "p.id", "i.paper_id")
    .select(["p.metadata_source", "p.title", "p.metadata_checked_at"])
    .where("i.scheme", "=", "arxiv")
    .where("i.value", "=", arxivId)
    .executeTakeFirstOrThrow();
  return row;
}

describe("shortscience refresh-metadata", () => {
  it("asks about every hand-entered paper now, past the hourly interval and the cache", async () => {
    const now = new Date("2026-12-02T10:00:00.000Z");
    const metadata = createMetadataService(t.db, checkServices(`${arxiv.baseUrl}/api/query`), {
      now: () => now.getTime(),
    });
    for (const n of [1, 2, 3]) {
      await saveHandEnteredPaper(t.db, paperId(`2103.0000${n}`), details(`Typed Title ${n}`));
    }
    // The hourly run has just asked about all three: arXiv knew none ("not found", cached).
    const hourly = await confirmHandEnteredPapers({ db: t.db, metadata }, now);
    expect(hourly).toMatchObject({ checked: 3, notFound: 3 });
    knows.add("2103.00001");
    knows.add("2103.00002");
    // Within the hour the server's run asks nobody; had it asked, the cache would answer.
    expect((await confirmHandEnteredPapers({ db: t.db, metadata }, now)).checked).toBe(0);

    const asked = arxiv.requests.length;
    const lines: string[] = [];
    const later = new Date(now.getTime() + 60_000);
    const code = await runRefreshMetadataCommand(
      { db: t.db, metadata },
      [],
      (l) => lines.push(l),
      later,
    );
    expect(code).toBe(0);
    expect(lines).toEqual([
      "checked 3 hand-entered papers: 2 confirmed by a service, 1 still unknown to the services, 0 whose service could not be reached, 0 failed",
    ]);
    expect(arxiv.requests.length - asked).toBe(3);
    expect((await sourceOf(t.db, "2103.00001")).metadata_source).toBe("service");
    expect((await sourceOf(t.db, "2103.00002")).metadata_source).toBe("service");
    const unknown = await sourceOf(t.db, "2103.00003");
    expect(unknown.metadata_source).toBe("hand");
    expect(unknown.metadata_checked_at).toBe(later.toISOString());
    // Run again at once: each paper is asked once per run, confirmed ones never again.
    const again: string[] = [];
    await runRefreshMetadataCommand({ db: t.db, metadata }, [], (l) => again.push(l), later);
    expect(again[0]).toMatch(/^checked 0 hand-entered papers/);
  });

  it("runs as its own process, prints the counts, and refuses arguments", async () => {
    const cliDb = await createCliDatabase();
    databases.push(cliDb);
    expect((await runCli(["migrate"], { DATABASE_URL: cliDb.url })).code).toBe(0);
    const db = connect(cliDb.url);
    try {
      await saveHandEnteredPaper(db.kysely, paperId("2103.00010"), details("Typed Offline"));
    } finally {
      await db.close();
    }
    const env = { DATABASE_URL: cliDb.url, METADATA_OFFLINE: "1" };
    const run = await runCli(["refresh-metadata"], env);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(
      describeRefresh({ checked: 1, confirmed: 0, notFound: 0, unavailable: 1, failed: 0 }),
    );
    const check = connect(cliDb.url);
    try {
      expect((await sourceOf(check.kysely, "2103.00010")).metadata_checked_at).not.toBeNull();
    } finally {
      await check.close();
    }
    const wrong = await runCli(["refresh-metadata", "now"], env);
    expect(wrong.code).toBe(2);
    expect(wrong.stdout).toContain("takes no arguments");
    const help = await runCli(["help"], {});
    expect(help.stdout).toContain("refresh-metadata");
  });
});
