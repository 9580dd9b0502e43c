import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issuePasswordLink } from "../../src/auth/accounts.service";
import { verifyPassword } from "../../src/auth/passwords";
import { startSession } from "../../src/auth/sessions.service";
import { RATE_LIMITS } from "../../src/core/limits";
import { hashToken } from "../../src/core/tokens";
import { type AppProcess, postForm, postFormFull, startAppProcess } from "../helpers/app-process";
import { makeAccount } from "../helpers/factories";
import { createTestDb, type TestDb } from "../helpers/test-db";

// Bursts of parallel requests at two server processes that share one database: a limit must
// hold however the requests interleave, because each reserves its hit before anything runs.

let testDb: TestDb;
let apps: AppProcess[];
beforeAll(async () => {
  testDb = await createTestDb();
  apps = await Promise.all([startAppProcess(testDb.url), startAppProcess(testDb.url)]);
}, 60_000);
afterAll(async () => {
  await Promise.all((apps ?? []).map((a) => a.close()));
  await testDb.drop();
});

const db = () => testDb.db.kysely;
const BURST = 100;
const sessionsOf = (userId: number) =>
  db().selectFrom("sessions").select("token_hash").where("user_id", "=", userId).execute();
const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

/**
 * How many fixed windows of this limit the interval [start, now] touches. A burst that
 * crosses a window's end may use the limit once in each window, as the limit allows; the
 * assertions scale by this rather than fail on the clock.
 */
const windowsSince = (start: number, windowMs: number) =>
  Math.floor(Date.now() / windowMs) - Math.floor(start / windowMs) + 1;

/** Fires `n` requests at each app at once; resolves when all have answered. */
function burst(n: number, send: (app: AppProcess, i: number) => Promise<number>) {
  return Promise.all(
    apps.flatMap((app, a) => Array.from({ length: n }, (_, i) => send(app, a * n + i))),
  );
}

/** Resolves when the first 429 of `statuses` arrives: the limit is used up by then. */
function firstRefusal(requests: Promise<number>[]): Promise<void> {
  return new Promise((resolve) => {
    for (const r of requests)
      r.then(
        (s) => s === 429 && resolve(),
        () => {},
      );
  });
}

describe("login limits under a burst from two processes", () => {
  it("evaluates no more wrong passwords per account than the limit, by whatever name, and refuses the right one inside the burst", async () => {
    const acct = await makeAccount(db());
    const names = [acct.username, acct.email, acct.email.toUpperCase(), ` ${acct.username} `];
    const start = Date.now();
    const requests: Promise<number>[] = [];
    for (const [a, app] of apps.entries()) {
      for (let i = 0; i < BURST; i++) {
        requests.push(
          postForm(
            app,
            "/login",
            { login: names[i % names.length] ?? "", password: `wrong guess ${a}-${i}` },
            // Every request from its own address: only the account's limit is at play.
            { forwardedFor: `10.${a}.${i >> 8}.${i & 255}` },
          ),
        );
      }
    }
    await firstRefusal(requests);
    const right = await Promise.all(
      apps.map((app, a) =>
        postForm(
          app,
          "/login",
          { login: a === 0 ? acct.username : acct.email, password: acct.password },
          { forwardedFor: `10.9.9.${a}` },
        ),
      ),
    );
    const statuses = await Promise.all(requests);
    const windows = windowsSince(start, RATE_LIMITS.loginPerAccount.windowMs);

    const evaluated = count(statuses, 400);
    expect(evaluated).toBeGreaterThan(0);
    expect(evaluated).toBeLessThanOrEqual(RATE_LIMITS.loginPerAccount.max * windows);
    expect(count(statuses, 429)).toBe(statuses.length - evaluated);
    // Past a window's end the right password may rightly get in: only one window can say.
    if (windows === 1) {
      expect(right).toEqual([429, 429]);
      expect(
        await db().selectFrom("sessions").select("id").where("user_id", "=", acct.id).execute(),
      ).toEqual([]);
    }
    // One counter for the account, whichever name each request used.
    const counters = await db()
      .selectFrom("rate_limits")
      .select("hits")
      .where("bucket", "=", `loginPerAccount:user:${acct.id}`)
      .execute();
    expect(counters.length).toBeLessThanOrEqual(windows);
    expect(counters.reduce((sum, c) => sum + c.hits, 0)).toBe(2 * BURST + 2);
  }, 60_000);

  it("keys the per-address limit on the proxy's entry, however the client rotates its own", async () => {
    const start = Date.now();
    const statuses = await burst(BURST, (app, i) =>
      postForm(
        app,
        "/login",
        { login: `nobody-${i}`, password: "a wrong password" },
        { forwardedFor: `198.51.${i >> 8}.${i & 255}, 203.0.113.77` },
      ),
    );
    const evaluated = count(statuses, 400);
    expect(evaluated).toBeGreaterThan(0);
    expect(evaluated).toBeLessThanOrEqual(
      RATE_LIMITS.loginPerIp.max * windowsSince(start, RATE_LIMITS.loginPerIp.windowMs),
    );
    expect(count(statuses, 429)).toBe(statuses.length - evaluated);
    // Another address is not held back by that one.
    const other = await postForm(
      apps[0] as AppProcess,
      "/login",
      { login: "nobody-else", password: "a wrong password" },
      { forwardedFor: "203.0.113.77, 203.0.113.78" },
    );
    expect(other).toBe(400);
  }, 60_000);
});

describe("re-entered passwords and mail limits under a burst from two processes", () => {
  it("evaluates no more current-password guesses in Settings than the user's limit", async () => {
    const acct = await makeAccount(db());
    const token = await startSession(db(), acct.id, "burst test");
    const { csrf_token: csrf } = await db()
      .selectFrom("sessions")
      .select("csrf_token")
      .where("user_id", "=", acct.id)
      .executeTakeFirstOrThrow();
    const statuses = await burst(BURST, (app, i) =>
      postForm(
        app,
        ["/settings/password", "/settings/email", "/settings/delete"][i % 3] ?? "",
        {
          current: `wrong ${i}`,
          password: `wrong ${i}`,
          next: "a brand new passphrase",
          email: `moved-${i}@example.org`,
          mode: "keep",
        },
        { forwardedFor: `10.7.${i >> 8}.${i & 255}`, session: { token, csrf } },
      ),
    );
    const evaluated = count(statuses, 400);
    expect(evaluated).toBeGreaterThan(0);
    expect(evaluated).toBeLessThanOrEqual(RATE_LIMITS.reenterPasswordPerUser.max);
    expect(count(statuses, 429)).toBe(statuses.length - evaluated);
    const row = await db()
      .selectFrom("users")
      .select(["deleted_at", "pending_email"])
      .where("id", "=", acct.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ deleted_at: null, pending_email: null });
  }, 60_000);

  it("makes an unconfirmed account for each parallel sign-up with one address, and mails it at most the cap", async () => {
    const email = "racing-signup@example.org";
    // Sign-up mails leave before the answer: once all have answered, the outboxes are final.
    const mailsBefore = apps.reduce((n, app) => n + app.outboxCount(), 0);
    const statuses = await burst(10, (app, i) =>
      postForm(
        app,
        "/signup",
        { username: `racer_${i}`, email, password: "a fine long password" },
        { forwardedFor: `10.6.0.${i}` },
      ),
    );
    // Every client asked once: all answered alike, and the address's cap held back the mails.
    expect(statuses).toEqual(Array(20).fill(303));
    const mails = apps.reduce((n, app) => n + app.outboxCount(), 0) - mailsBefore;
    expect(mails).toBe(RATE_LIMITS.mailPerAddress.max);
    // Each has its account at once, the address only pending until one confirms it.
    const users = await db()
      .selectFrom("users")
      .select("id")
      .where("email_key", "=", email)
      .execute();
    expect(users).toEqual([]);
    const pending = await db()
      .selectFrom("users")
      .select("username")
      .where("pending_email", "=", email)
      .execute();
    expect(pending.map((p) => p.username).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `racer_${i}`).sort(),
    );
  }, 60_000);

  it("accepts no more reset requests for one address from one client than its limit, registered or not", async () => {
    const acct = await makeAccount(db());
    for (const [n, email] of [acct.email, "no-account-here@example.org"].entries()) {
      const statuses = await burst(BURST / 2, (app) =>
        postForm(app, "/reset", { email }, { forwardedFor: `10.8.0.${n}` }),
      );
      expect(count(statuses, 200)).toBe(RATE_LIMITS.mailPerAddressPerClient.max);
      expect(count(statuses, 429)).toBe(BURST - RATE_LIMITS.mailPerAddressPerClient.max);
      // From many clients at once the answers stay 200: past the cap only mails are skipped.
      const spread = await burst(BURST / 2, (app, i) =>
        postForm(app, "/reset", { email }, { forwardedFor: `10.9.${i >> 8}.${i & 255}` }),
      );
      expect(spread).toEqual(Array(BURST).fill(200));
    }
  }, 60_000);

  it("gives one username to exactly one of many parallel sign-ups", async () => {
    const statuses = await burst(10, (app, i) =>
      postForm(
        app,
        "/signup",
        {
          username: "Contested",
          email: `contest-${i}@example.org`,
          password: "a fine long password",
        },
        { forwardedFor: `10.5.0.${i}` },
      ),
    );
    expect(count(statuses, 303)).toBe(1);
    expect(count(statuses, 409)).toBe(19);
    // Exactly one account has the name.
    const users = await db()
      .selectFrom("users")
      .select("pending_email")
      .where("username_key", "=", "contested")
      .execute();
    expect(users).toHaveLength(1);
    expect(users[0]?.pending_email).toMatch(/^contest-\d+@example\.org$/);
  }, 60_000);

  it("lets a reset link set one password, however many use it at once", async () => {
    const acct = await makeAccount(db());
    await startSession(db(), acct.id, "before the reset");
    const link = await issuePasswordLink(
      { db: db(), mailer: null as never, baseUrl: "http://x" },
      acct.id,
      acct.email,
    );
    const path = new URL(link).pathname;
    const passwords = Array.from({ length: 10 }, (_, i) => `new passphrase number ${i}`);
    const statuses = await burst(5, (app, i) =>
      postForm(app, path, { password: passwords[i] ?? "" }, { forwardedFor: `10.4.0.${i}` }),
    );
    expect(count(statuses, 303)).toBe(1);
    expect(count(statuses, 400)).toBe(9);
    const winner = passwords[statuses.indexOf(303)] ?? "";
    const { password_hash } = await db()
      .selectFrom("users")
      .select("password_hash")
      .where("id", "=", acct.id)
      .executeTakeFirstOrThrow();
    expect(await verifyPassword(password_hash ?? "", winner)).toBe(true);
    expect(await sessionsOf(acct.id)).toEqual([]);
  }, 60_000);

  it("leaves one consistent password and session after parallel password changes", async () => {
    const acct = await makeAccount(db());
    const token = await startSession(db(), acct.id, "changing");
    const { csrf_token: csrf } = await db()
      .selectFrom("sessions")
      .select("csrf_token")
      .where("user_id", "=", acct.id)
      .executeTakeFirstOrThrow();
    const passwords = Array.from({ length: 6 }, (_, i) => `changed passphrase ${i}`);
    const answers = await Promise.all(
      passwords.map((next, i) =>
        postFormFull(
          apps[i % 2] as AppProcess,
          "/settings/password",
          { current: acct.password, next },
          { forwardedFor: `10.3.0.${i}`, session: { token, csrf } },
        ),
      ),
    );
    expect(answers.some((a) => a.status === 303)).toBe(true);
    // A change that ran after another ended its session is refused as logged out.
    for (const a of answers) expect([303, 400, 403]).toContain(a.status);
    const sessions = await sessionsOf(acct.id);
    expect(sessions).toHaveLength(1);
    const last = answers.findIndex((a) =>
      a.cookies.some(
        (c) => c.startsWith("ss_session=") && hashToken(c.slice(11)) === sessions[0]?.token_hash,
      ),
    );
    expect(last).toBeGreaterThanOrEqual(0);
    const { password_hash } = await db()
      .selectFrom("users")
      .select("password_hash")
      .where("id", "=", acct.id)
      .executeTakeFirstOrThrow();
    expect(await verifyPassword(password_hash ?? "", passwords[last] ?? "")).toBe(true);
  }, 60_000);
});

describe("searches under a burst from two processes", () => {
  it("answers no more distinct searches from one address than searchPerIp, and refuses the rest with Retry-After", async () => {
    const { max, windowMs } = RATE_LIMITS.searchPerIp;
    const start = Date.now();
    const retryAfter: (string | null)[] = [];
    // Summaries only: a paper search with few matches would also ask arXiv, Crossref and DBLP.
    const search = async (app: AppProcess, path: string, from: string) => {
      const res = await fetch(`${app.url}${path}`, { headers: { "X-Forwarded-For": from } });
      await res.arrayBuffer();
      if (res.status === 429 || res.status === 503) retryAfter.push(res.headers.get("retry-after"));
      return res.status;
    };
    const statuses = await burst(max / 2 + 20, (app, i) =>
      search(app, `/search?type=summaries&q=numbat+${i}`, "198.51.100.23"),
    );
    // Past the limit a 429; a burst this size also meets each process's line of searches
    // (search-slots.ts: a 429 past one client's share, a 503 past the queue), so fewer than
    // `max` may be answered, never more.
    const answered = count(statuses, 200);
    expect(answered).toBeGreaterThan(0);
    expect(answered).toBeLessThanOrEqual(max * windowsSince(start, windowMs));
    expect(count(statuses, 429) + count(statuses, 503)).toBe(statuses.length - answered);
    expect(count(statuses, 429)).toBeGreaterThan(0);
    expect(retryAfter.every((s) => Number(s) >= 1)).toBe(true);
    const counted = await db()
      .selectFrom("rate_limits")
      .select("hits")
      .where("bucket", "=", "searchPerIp:198.51.100.23")
      .execute();
    // Every request was counted, and the limit's hits decide who got past it.
    expect(counted.reduce((sum, c) => sum + c.hits, 0)).toBe(statuses.length);
    // The search feed and the API's search count against the same limit (asked before the
    // window is read, so a window that ended between them can only excuse, not fail, them).
    const feed = await search(apps[0] as AppProcess, "/feeds/rss/search?q=numbat", "198.51.100.23");
    const api = await search(
      apps[1] as AppProcess,
      "/api/v1/papers/search?q=numbat",
      "198.51.100.23",
    );
    if (windowsSince(start, windowMs) === 1) expect([feed, api]).toEqual([429, 429]);
    // Another address is not held back.
    expect(
      await search(apps[1] as AppProcess, "/search?type=summaries&q=numbat", "198.51.100.24"),
    ).toBe(200);
  }, 60_000);
});
