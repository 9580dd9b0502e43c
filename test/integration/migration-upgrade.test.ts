// The upgrade path: a database is migrated one schema version at a time, and at every version
// it receives data written the way the app of that time wrote it. Migrated to the latest
// schema, all of it still works through the app: people log in by e-mail (after a reset, for
// accounts from before passwords), pages render, counts hold. One database per earlier
// version, so each is also upgraded in one jump from where it stopped.

import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { Migrator, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationProvider } from "../../src/db/migrations";
import { searchLocal } from "../../src/search/search.service";
import { readSearchParams } from "../../src/search/search-params";
import { findUserByEmail } from "../../src/users/users.service";
import { createClient } from "../helpers/client";
import {
  ACCOUNTS_MIGRATION,
  type AnyDb,
  UPGRADE_PASSWORD,
  type Written,
  writeStep,
  writeUser,
} from "../helpers/schema-history";
import { startTestSmtp, type TestSmtp } from "../helpers/smtp";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { createTestDb } from "../helpers/test-db";

const run = promisify(execFile);
const ACCOUNTS = ACCOUNTS_MIGRATION;
const NAMES = Object.keys(await migrationProvider("sqlite").getMigrations()).sort();
const PASSWORD = UPGRADE_PASSWORD;

let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startTestSmtp();
});
afterAll(() => smtp.close());

function domainLowered(address: string): string {
  const at = address.lastIndexOf("@");
  return address.slice(0, at) + address.slice(at).toLowerCase();
}

async function resetLink(t: TestApp, typed: string, expectedTo: string): Promise<string> {
  const before = smtp.mails.length;
  const res = await createClient(t).submit("/reset", "/reset", { email: typed });
  expect(res.status).toBe(200);
  const [mail] = (await smtp.waitFor(before + 1)).slice(before);
  // The domain of an address is case-insensitive (and arrives lower-cased); its local part
  // tells the two accounts of one address apart.
  expect(mail?.to.map(domainLowered)).toEqual([domainLowered(expectedTo)]);
  const link = smtp.linksIn(mail ?? ({} as never)).find((l) => l.includes("/reset/"));
  if (!link) throw new Error("no reset link in the mail");
  return new URL(link).pathname;
}

/** Logs in by e-mail as typed; resolves to the settings page it then reaches. */
async function logInByEmail(t: TestApp, typed: string, password: string): Promise<string> {
  const client = createClient(t);
  const res = await client.submit("/login", "/login", { login: typed, password });
  expect(res.status).toBe(303);
  const settings = await client.get("/settings");
  expect(settings.status).toBe(200);
  return settings.text();
}

async function checkStep(t: TestApp, w: Written): Promise<void> {
  const paper = await t.html(`/paper/arxiv/${w.arxiv}`);
  expect(paper).toContain(`Summary written at step`);
  expect(paper).toContain(w.summary.split(",")[0]);
  expect(paper).toContain(w.comment);
  expect(paper).not.toContain(w.privateNote);
  expect(paper).toMatch(/Score <\/span>\+?2</);
  expect(await t.html(`/user/${w.author.username}`)).toContain("1 summary");
  expect(await t.html(`/user/${w.voter}`)).toContain("No public summaries yet");
  // Found by phrase, summary and paper: rows written before the search migrations were
  // filled by their backfills. A minute: the first search of each test app starts its pool's
  // thread, which a loaded machine may take seconds to do.
  const search = (q: string, type: string) =>
    searchLocal(
      t.db,
      readSearchParams((name) => ({ q, type })[name as "q" | "type"]),
      { timeoutMs: 60_000 },
    );
  const found = await search(`"${w.summary.split(",")[0]}"`, "summaries");
  expect(found.summaryHits.map((h) => h.id)).toEqual([w.summaryId]);
  const byTitle = await search(`"${w.title}"`, "papers");
  expect(byTitle.paperHits.map((h) => h.id)).toEqual([w.paperId]);
  // The titles' own index (2026-11-29T1200-search-filters), which a search reads only past
  // its rank window.
  const titled =
    t.testDb.db.dialect === "sqlite"
      ? sql<{ id: number }>`select rowid as id from search_titles
          where search_titles match ${`"${w.title}"`}`
      : sql<{ id: number }>`select paper_id as id from search_papers
          where title_doc @@ phraseto_tsquery('search_simple', ${w.title})`;
  expect((await titled.execute(t.db)).rows.map((r) => Number(r.id))).toEqual([w.paperId]);

  if (w.author.hasPassword) {
    expect(await logInByEmail(t, w.author.email.toUpperCase(), PASSWORD)).toContain(
      w.author.username,
    );
    return;
  }
  // From before passwords: a reset by e-mail, then a login by e-mail. The reset mail leaves
  // after the answer; the address must find the account first (without the fill, it did not).
  expect((await findUserByEmail(t.db, w.author.email.toUpperCase()))?.id).toBe(w.author.id);
  const path = await resetLink(t, w.author.email.toUpperCase(), w.author.email);
  const done = await createClient(t).submit(path, path, { password: PASSWORD });
  expect(done.status).toBe(303);
  expect(await logInByEmail(t, w.author.email.toLowerCase(), PASSWORD)).toContain(
    w.author.username,
  );
}

/** `shortscience migrate` as its own process; resolves to its output. */
async function migrateInChild(databaseUrl: string): Promise<string> {
  // Vitest sets BASE_URL="/" (Vite's) in its own environment: not ours to pass on.
  const { BASE_URL: _vite, ...inherited } = process.env;
  const r = await run(process.execPath, ["--import", "tsx", "src/main.ts", "migrate"], {
    env: { ...inherited, DATABASE_URL: databaseUrl, LOG_LEVEL: "info" },
    timeout: 120_000,
  });
  return r.stdout;
}

describe("upgrading a database that holds data", () => {
  it("fills e-mail keys once when several processes start on the old database at once", async () => {
    const testDb = await createTestDb({ migrate: false });
    try {
      const provider = migrationProvider(testDb.db.dialect);
      const { error } = await new Migrator({ db: testDb.db.kysely, provider }).migrateTo(ACCOUNTS);
      if (error) throw error;
      const at = new Date(Date.UTC(2019, 0, 1)).toISOString();
      const db = testDb.db.kysely as AnyDb;
      const ids: number[] = [];
      for (let i = 0; i < 30; i++)
        ids.push(await writeUser(db, `early_${i}`, `Early.${i}@X.org`, false, at));
      // Separate processes, as app servers starting together would be.
      const outputs = await Promise.all([1, 2, 3].map(() => migrateInChild(testDb.url)));
      // Exactly one of them applied the pending migrations; the others found them done.
      expect(outputs.filter((out) => out.includes('"msg":"migrated"'))).toHaveLength(1);
      for (const out of outputs) expect(out).toContain("is up to date");
      const rows = await testDb.db.kysely
        .selectFrom("users")
        .select(["id", "email_key"])
        .where("id", "in", ids)
        .orderBy("id")
        .execute();
      expect(rows.map((r) => r.email_key)).toEqual(ids.map((_, i) => `early.${i}@x.org`));
    } finally {
      await testDb.drop();
    }
  });

  it("knows more than one schema version", () => {
    expect(NAMES.length).toBeGreaterThan(1);
    expect(NAMES).toContain(ACCOUNTS);
  });

  for (let last = 0; last < NAMES.length - 1; last++) {
    it(`works after data written at every version up to ${NAMES[last]}`, async () => {
      const testDb = await createTestDb({ migrate: false });
      const db = testDb.db.kysely as AnyDb;
      const migrator = new Migrator({
        db: testDb.db.kysely,
        provider: migrationProvider(testDb.db.dialect),
      });
      const written: Written[] = [];
      let dupOlder = 0;
      let dupNewer = 0;
      for (let step = 0; step <= last; step++) {
        const { error } = await migrator.migrateTo(NAMES[step] ?? "");
        if (error) throw error;
        const applied = NAMES.slice(0, step + 1);
        written.push(await writeStep(db, step, applied));
        if (step === 0) {
          // One address in two accounts, differing in case: the older one keeps it.
          const at = new Date(Date.UTC(2019, 0, 1)).toISOString();
          dupOlder = await writeUser(db, "dup_older", "Dup@Example.org", false, at);
          dupNewer = await writeUser(db, "dup_newer", "dup@example.org", false, at);
        }
      }
      const { error } = await migrator.migrateToLatest();
      if (error) throw error;

      const t = await createTestApp({ testDb, smtpUrl: smtp.url });
      try {
        for (const w of written) await checkStep(t, w);

        const keys = await t.db
          .selectFrom("users")
          .select(["id", "email_key"])
          .where("id", "in", [dupOlder, dupNewer])
          .orderBy("id")
          .execute();
        expect(keys).toEqual([
          { id: dupOlder, email_key: "dup@example.org" },
          { id: dupNewer, email_key: null },
        ]);
        await resetLink(t, "DUP@example.org", "Dup@Example.org");

        // Counts: the home page lists every public summary and no private one; scores are
        // the sums of their votes.
        const pages = Math.ceil(written.length / 5);
        let home = "";
        for (let p = 1; p <= pages; p++) home += await t.html(p === 1 ? "/" : `/?page=${p}`);
        for (const w of written) {
          expect(home).toContain(w.summary.split(",")[0]);
          expect(home).not.toContain(w.privateNote);
        }
        const scores = await t.db
          .selectFrom("summaries as s")
          .leftJoin("votes as v", "v.summary_id", "s.id")
          .select([
            "s.id",
            "s.score",
            (eb) => eb.fn.coalesce(eb.fn.sum<number>("v.value"), eb.lit(0)).as("sum"),
          ])
          .groupBy(["s.id", "s.score"])
          .execute();
        expect(scores).toHaveLength(2 * written.length);
        for (const s of scores) expect(Number(s.sum)).toBe(s.score);
      } finally {
        await t.close();
      }
    });
  }
});
