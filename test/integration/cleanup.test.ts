// Lifecycle: expired sessions, e-mail tokens, unconfirmed sign-ups and accounts, rate-limit windows,
// sign-in states, metadata-cache answers, old notification mail and read notifications, and
// summaries deleted past restoring are deleted by the server's schedule and by `shortscience cleanup`;
// live rows stay. On SQLite and, with TEST_DATABASE_URL, on PostgreSQL.

import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import type { Kysely } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { connect } from "../../src/db/connect";
import type { Database } from "../../src/db/schema";
import type { CleanupCounts } from "../../src/maintenance/cleanup.service";
import { describeCleanup, purgeExpired } from "../../src/maintenance/cleanup.service";
import { startCleanupSchedule } from "../../src/maintenance/cleanup-schedule";
import {
  confirmHandEnteredPapers,
  saveHandEnteredPaper,
} from "../../src/papers/hand-entered.service";
import { parsePaperDetails } from "../../src/papers/paper-details";
import { createMetadataService } from "../../src/papers/resolvers/default-resolvers";
import { insertUser } from "../../src/users/users.repo";
import { fixture } from "../fixtures/metadata/harness";
import { emptyExpiringTables, expiringRowCounts, seedExpiringRows } from "../helpers/expiring-rows";
import { makePaper, makeSummary, makeUser } from "../helpers/factories";
import { checkServices } from "../helpers/hand-entered-services";
import { startHeldServer } from "../helpers/held-services";
import { createTestDb, type TestDb } from "../helpers/test-db";

const run = promisify(execFile);
const HOUR = 3_600_000;

let t: TestDb;
let db: Kysely<Database>;
beforeAll(async () => {
  t = await createTestDb();
  db = t.db.kysely;
});
afterAll(() => t.drop());

const seed = (now: number, expired: number, live: number) =>
  seedExpiringRows(db, now, expired, live);
const rowCounts = () => expiringRowCounts(db);
const emptyTables = () => emptyExpiringTables(db);

const each = (n: number): CleanupCounts => ({
  sessions: n,
  authTokens: n,
  pendingSignups: n,
  // Accounts never confirmed are seeded by their own test below.
  unconfirmedAccounts: 0,
  rateLimitWindows: n,
  oidcStates: n,
  metadataAnswers: n,
  mails: 0,
  notifications: 0,
  deletedSummaries: 0,
});

describe("purgeExpired", () => {
  afterEach(emptyTables);

  it("deletes what expired and keeps what is live, and says how much", async () => {
    const now = Date.now();
    await seed(now, 4, 3);
    expect(await purgeExpired(db, now)).toEqual(each(4));
    expect(await rowCounts()).toEqual({
      sessions: 3,
      auth_tokens: 3,
      pending_signups: 3,
      rate_limits: 3,
      oidc_states: 3,
      metadata_cache: 3,
    });
    expect(await purgeExpired(db, now)).toEqual(each(0));
  });

  it("deletes each expired row once when processes clean up at the same time", async () => {
    const now = Date.now();
    await seed(now, 10, 2);
    // Separate connections, as separate app processes would have.
    const others = Array.from({ length: 4 }, () => connect(t.url));
    try {
      const results = await Promise.all(others.map((o) => purgeExpired(o.kysely, now)));
      const total = results.reduce(
        (sum, r) => ({
          sessions: sum.sessions + r.sessions,
          authTokens: sum.authTokens + r.authTokens,
          pendingSignups: sum.pendingSignups + r.pendingSignups,
          unconfirmedAccounts: sum.unconfirmedAccounts + r.unconfirmedAccounts,
          rateLimitWindows: sum.rateLimitWindows + r.rateLimitWindows,
          oidcStates: sum.oidcStates + r.oidcStates,
          metadataAnswers: sum.metadataAnswers + r.metadataAnswers,
          mails: sum.mails + r.mails,
          notifications: sum.notifications + r.notifications,
          deletedSummaries: sum.deletedSummaries + r.deletedSummaries,
        }),
        each(0),
      );
      expect(total).toEqual(each(10));
    } finally {
      await Promise.all(others.map((o) => o.close()));
    }
    expect(Object.values(await rowCounts())).toEqual([2, 2, 2, 2, 2, 2]);
  });
});

describe("accounts never confirmed", () => {
  /** A sign-up's account made `hoursAgo`, with its link issued then (48 hours' life). */
  async function signedUp(hoursAgo: number, over: { verified?: boolean; password?: boolean } = {}) {
    const at = Date.now() - hoursAgo * HOUR;
    const username = `signup_${Math.random().toString(36).slice(2, 10)}`;
    const id = await insertUser(db, {
      username,
      displayName: username,
      bio: "",
      bioHtml: "",
      orcid: null,
      email: over.verified ? `${username}@example.org` : null,
      passwordHash: over.password === false ? null : "$argon2id$not-a-real-hash",
      emailVerifiedAt: over.verified ? new Date(at).toISOString() : null,
      createdAt: new Date(at).toISOString(),
    });
    await db
      .updateTable("users")
      .set({ pending_email: `${username}@example.org` })
      .where("id", "=", id)
      .execute();
    await db
      .insertInto("auth_tokens")
      .values({
        token_hash: `${username}-token`,
        user_id: id,
        purpose: "verify_email",
        email: `${username}@example.org`,
        created_at: new Date(at).toISOString(),
        expires_at: new Date(at + 48 * HOUR).toISOString(),
        used_at: null,
      })
      .execute();
    return id;
  }
  const exists = async (id: number) =>
    (await db.selectFrom("users").select("id").where("id", "=", id).executeTakeFirst()) !==
    undefined;

  it("are deleted once their last link expired, each once when processes clean up at once", async () => {
    const old = await Promise.all(Array.from({ length: 6 }, () => signedUp(49)));
    const live = await signedUp(47);
    const confirmed = await signedUp(49, { verified: true });
    const withSummary = await signedUp(49);
    await makeSummary(db, (await makePaper(db)).id, withSummary);
    const others = Array.from({ length: 3 }, () => connect(t.url));
    try {
      const results = await Promise.all(others.map((o) => purgeExpired(o.kysely)));
      expect(results.reduce((n, r) => n + r.unconfirmedAccounts, 0)).toBe(old.length);
    } finally {
      await Promise.all(others.map((o) => o.close()));
    }
    for (const id of old) expect(await exists(id)).toBe(false);
    for (const id of [live, confirmed, withSummary]) expect(await exists(id)).toBe(true);
    await emptyTables();
  });
});

describe("old notification mail and read notifications", () => {
  it("are purged with everything else, past their keeping time", async () => {
    const now = Date.now();
    const day = 86_400_000;
    const at = (ms: number) => new Date(ms).toISOString();
    const owner = await makeUser(db);
    const paper = await makePaper(db);
    const summaryId = await makeSummary(db, paper.id, owner.id);
    const mail = (subject: string, status: string, finished: number | null) => ({
      user_id: null,
      to_address: "old@example.org",
      subject,
      body: "Body",
      headers: "{}",
      status,
      next_attempt_at: at(now - 400 * day),
      created_at: at(now - 400 * day),
      finished_at: finished === null ? null : at(finished),
    });
    await db
      .insertInto("mail_queue")
      .values([
        mail("old sent", "sent", now - 31 * day),
        mail("old dropped", "dropped", now - 40 * day),
        mail("recent sent", "sent", now - 29 * day),
        { ...mail("due", "queued", null), next_attempt_at: at(now + day) },
      ])
      .execute();
    const notification = (userId: number, updated: number, read: boolean) => ({
      user_id: userId,
      kind: "votes",
      summary_id: summaryId,
      created_at: at(updated),
      updated_at: at(updated),
      read_at: read ? at(updated) : null,
    });
    await db
      .insertInto("notifications")
      .values([
        notification(owner.id, now - 181 * day, true),
        notification(owner.id, now - 179 * day, true),
        notification(owner.id, now - 300 * day, false),
        notification(owner.id + 1_000_000, now, false),
      ])
      .execute();
    try {
      expect(await purgeExpired(db, now)).toEqual({ ...each(0), mails: 2, notifications: 2 });
      expect(
        (await db.selectFrom("mail_queue").select("subject").orderBy("subject").execute()).map(
          (r) => r.subject,
        ),
      ).toEqual(["due", "recent sent"]);
      expect(await db.selectFrom("notifications").select("id").execute()).toHaveLength(2);
      expect(describeCleanup({ ...each(0), mails: 2, notifications: 2 })).toContain(
        "0 metadata-cache answers, 2 old mails, 2 old notifications",
      );
    } finally {
      await db.deleteFrom("mail_queue").execute();
      await db.deleteFrom("notifications").execute();
    }
  });
});

describe("summaries deleted by their authors", () => {
  it("are purged once they can no longer be restored, and not a day before", async () => {
    const now = Date.now();
    const DAY = 24 * HOUR;
    const author = await makeUser(db);
    const ids: number[] = [];
    for (const daysAgo of [31, 29]) {
      const paper = await makePaper(db);
      const id = await makeSummary(db, paper.id, author.id);
      await db
        .updateTable("summaries")
        .set({ deleted_at: new Date(now - daysAgo * DAY).toISOString() })
        .where("id", "=", id)
        .execute();
      ids.push(id);
    }
    expect((await purgeExpired(db, now)).deletedSummaries).toBe(1);
    const left = await db.selectFrom("summaries").select("id").where("id", "in", ids).execute();
    expect(left.map((r) => r.id)).toEqual([ids[1]]);
    expect((await purgeExpired(db, now)).deletedSummaries).toBe(0);
  });
});

describe("the cleanup schedule", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("cleans at start and then every interval, until stopped", async () => {
    vi.useFakeTimers();
    const calls: number[] = [];
    const logger = { info: vi.fn(), warn: vi.fn() };
    const schedule = startCleanupSchedule({
      purge: async () => {
        calls.push(Date.now());
        return each(1);
      },
      logger,
      intervalMs: HOUR,
    });
    await schedule.tick();
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(HOUR);
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(calls).toHaveLength(3);
    expect(logger.info).toHaveBeenCalledTimes(3);
    await schedule.stop();
    await vi.advanceTimersByTimeAsync(5 * HOUR);
    expect(calls).toHaveLength(3);
  });

  it("never runs two cleanups at once, and logs a failure instead of throwing", async () => {
    let release = () => {};
    let started = 0;
    const logger = { info: vi.fn(), warn: vi.fn() };
    const schedule = startCleanupSchedule({
      purge: () => {
        started++;
        return new Promise<CleanupCounts>((_, reject) => {
          release = () => reject(new Error("database unreachable"));
        });
      },
      logger,
      timer: false,
    });
    const first = schedule.tick();
    const second = schedule.tick();
    expect(started).toBe(1);
    release();
    await Promise.all([first, second]);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.info).not.toHaveBeenCalled();
    await schedule.stop();
  });

  it("purges the database on each tick", async () => {
    const now = Date.now();
    await seed(now, 2, 1);
    const schedule = startCleanupSchedule({
      purge: () => purgeExpired(db, now),
      logger: { info: () => {}, warn: () => {} },
      timer: false,
    });
    await schedule.tick();
    await schedule.stop();
    expect(Object.values(await rowCounts())).toEqual([1, 1, 1, 1, 1, 1]);
    await emptyTables();
  });
});

describe("stopping while hand-entered papers are checked", () => {
  // The lookup's answer is kept in metadata_cache, one of the tables counted below.
  afterEach(emptyTables);

  it("returns after the lookup in flight, leaving the rest of the batch for the next run", async () => {
    const held = await startHeldServer(() => ({
      body: fixture("arxiv_empty.xml"),
      headers: { "content-type": "application/atom+xml" },
    }));
    const metadata = createMetadataService(db, checkServices(`${held.baseUrl}/api/query`));
    const details = parsePaperDetails({
      title: "Typed Before Shutdown",
      authors: "Typed Author",
      year: "",
      venue: "",
      abstract: "",
    });
    for (const n of [1, 2, 3]) {
      await saveHandEnteredPaper(db, { scheme: "arxiv", value: `2105.0000${n}` }, details);
    }
    const schedule = startCleanupSchedule({
      purge: async (signal) => {
        await confirmHandEnteredPapers({ db, metadata, signal });
        return each(0);
      },
      logger: { info: () => {}, warn: () => {} },
      timer: false,
    });
    try {
      const run = schedule.tick();
      await held.arrived(1);
      const stopped = schedule.stop();
      // The one request in flight answers (its wait is bounded by the client's timeout).
      held.release();
      await stopped;
      await run;
      expect(held.urls).toHaveLength(1);
      const unchecked = await db
        .selectFrom("papers")
        .select("id")
        .where("title", "=", "Typed Before Shutdown")
        .where("metadata_checked_at", "is", null)
        .execute();
      expect(unchecked).toHaveLength(2);
    } finally {
      held.release();
      await held.close();
      // Left due, they would send `serve` below to the real arXiv.
      await db.deleteFrom("paper_identifiers").where("value", "like", "2105.%").execute();
      await db.deleteFrom("papers").where("title", "=", "Typed Before Shutdown").execute();
    }
  });
});

/** The CLI from its TypeScript sources, as a separate process. */
function childEnv(extra: Record<string, string>) {
  // Vitest sets BASE_URL="/" (Vite's) in its own environment: not ours to pass on.
  const { BASE_URL: _vite, ...inherited } = process.env;
  return { ...inherited, DATABASE_URL: t.url, ...extra };
}

describe("shortscience cleanup and serve", () => {
  afterEach(emptyTables);

  it("`cleanup` deletes expired rows on demand and prints the counts", async () => {
    await seed(Date.now(), 3, 2);
    const r = await run(process.execPath, ["--import", "tsx", "src/main.ts", "cleanup"], {
      env: childEnv({ LOG_LEVEL: "warn" }),
      timeout: 60_000,
    });
    expect(r.stdout).toBe(
      "deleted 3 expired sessions, 3 e-mail tokens, 3 unconfirmed sign-ups, 0 unconfirmed accounts, 3 rate-limit windows, 3 sign-in states, 3 metadata-cache answers, 0 old mails, 0 old notifications, 0 deleted summaries past restoring\n",
    );
    expect(Object.values(await rowCounts())).toEqual([2, 2, 2, 2, 2, 2]);
  });

  it("`serve` cleans up on its schedule and stops it on SIGTERM", async () => {
    await seed(Date.now(), 2, 1);
    const port = String(20_000 + Math.floor(Math.random() * 20_000));
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "src/main.ts", "serve", "--workers", "1"],
      {
        env: childEnv({ PORT: port, HOST: "127.0.0.1", LOG_LEVEL: "info" }),
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    try {
      // The schedule's first run logs its counts: wait for that line instead of sleeping.
      const line = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          const found = out.split("\n").find((l) => l.includes("cleanup: deleted"));
          if (found) resolve(found);
        });
        child.once("exit", (code) => reject(new Error(`serve exited early (${code})`)));
      });
      expect(JSON.parse(line).cleanup).toEqual(each(2));
      expect(Object.values(await rowCounts())).toEqual([1, 1, 1, 1, 1, 1]);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  });
});
