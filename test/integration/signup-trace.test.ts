// What a sign-up leaves behind must not tell whether its address is registered: a red-team
// found that a new address got an account at once (profile 200, the name then taken) and a
// registered one nothing. Now both leave a pending sign-up that holds the name, and no account
// exists until the mailed link is opened. On SQLite and, with TEST_DATABASE_URL, PostgreSQL.

import Database from "better-sqlite3";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserByOperator } from "../../src/auth/admin.service";
import { resolveOidcAccount } from "../../src/auth/oidc-accounts.service";
import { claimUsername, insertPendingSignup } from "../../src/auth/pending-signups.repo";
import { nowIso } from "../../src/core/time";
import { hashToken } from "../../src/core/tokens";
import { purgeExpired } from "../../src/maintenance/cleanup.service";
import { createClient } from "../helpers/client";
import { makeAccount } from "../helpers/factories";
import { startTestSmtp, type TestSmtp } from "../helpers/smtp";
import { createTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await createTestApp({ smtpUrl: smtp.url });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const PASSWORD = "a fine long password";
const HOUR = 3_600_000;
let serial = 0;
const unique = (prefix: string) => `${prefix}${++serial}${Math.random().toString(36).slice(2, 6)}`;
const stripToken = (html: string) => html.replace(/name="_csrf" value="[^"]+"/g, "");
const deps = () => ({ db: t.db, mailer: t.deps.mailer, baseUrl: "http://localhost" });

const signUp = (username: string, email: string) =>
  createClient(t).submit("/signup", "/signup", { username, email, password: PASSWORD });

/** The mails to `address`, once `count` have arrived. */
async function mailsTo(address: string, count: number) {
  for (;;) {
    const to = smtp.mails.filter((m) => m.to.includes(address));
    if (to.length >= count) return to;
    await smtp.waitFor(smtp.mails.length + 1);
  }
}

const linkIn = (mail: { text: string }) =>
  new URL(smtp.linksIn(mail as never).find((l) => l.includes("/verify/")) ?? "http://x/none")
    .pathname;

/** Everything a stranger can see of a sign-up, with its own name and address blanked. */
async function trace(username: string, email: string) {
  const other = `${unique("other")}@example.org`;
  const blank = (s: string) =>
    stripToken(s)
      .replaceAll(username, "NAME")
      .replaceAll(email, "ADDRESS")
      .replaceAll(other, "OTHER");
  const first = await signUp(username, email);
  const profile = await t.get(`/user/${username}`);
  const again = await signUp(username, other);
  const login = await createClient(t).submit("/login", "/login", {
    login: username,
    password: PASSWORD,
  });
  return {
    signUp: [first.status, blank(await first.text())],
    profile: [profile.status, blank(await profile.text())],
    sameName: [again.status, blank(await again.text())],
    login: [login.status, blank(await login.text())],
  };
}

describe("the red-team's probe: a registered and a new address leave the same trace", () => {
  it("same pages, profile, name reservation and login refusal; only the mails differ", async () => {
    const registered = (await makeAccount(t.db)).email;
    const fresh = `${unique("fresh")}@example.org`;
    const known = await trace(unique("known_"), registered);
    const unknown = await trace(unique("unknown_"), fresh);
    expect(known).toEqual(unknown);
    expect(known.signUp[0]).toBe(200);
    expect(known.profile[0]).toBe(404);
    expect(known.sameName[0]).toBe(409);
    expect(known.login[0]).toBe(400);
    expect(known.login[1]).toContain("That username, e-mail or password is not right.");

    // The owner of a registered address hears that it has an account, and gets no link.
    const [notice] = await mailsTo(registered, 1);
    expect(notice?.subject).toBe("You already have a ShortScience account");
    expect(smtp.linksIn(notice as never).some((l) => l.includes("/verify/"))).toBe(false);
    const [confirm] = await mailsTo(fresh, 1);
    expect(confirm?.subject).toBe("Confirm your ShortScience account");
    expect(linkIn(confirm as never)).toMatch(/^\/verify\/[A-Za-z0-9_-]{22}$/);
  });
});

describe("confirming a sign-up", () => {
  it("fails clearly, and frees the name, when the address got an account meanwhile", async () => {
    const email = `${unique("late")}@example.org`;
    const username = unique("late_");
    expect((await signUp(username, email)).status).toBe(200);
    const [mail] = await mailsTo(email, 1);
    await makeAccount(t.db, { email });
    const client = createClient(t);
    await client.get(linkIn(mail as never));
    const res = await client.post(linkIn(mail as never), {});
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("That address has an account now");
    expect((await t.get(`/user/${username}`)).status).toBe(404);
    // The link is used up and the name is free again.
    expect((await signUp(username, `${unique("next")}@example.org`)).status).toBe(200);
  });

  it("gives the name to one account only, however often the link is posted at once", async () => {
    const email = `${unique("twice")}@example.org`;
    const username = unique("twice_");
    await signUp(username, email);
    const path = linkIn((await mailsTo(email, 1))[0] as never);
    const clients = [createClient(t), createClient(t), createClient(t)];
    for (const c of clients) await c.get(path);
    const statuses = (await Promise.all(clients.map((c) => c.post(path, {})))).map((r) => r.status);
    expect(statuses.sort()).toEqual([303, 400, 400]);
    const users = await t.db
      .selectFrom("users")
      .select("id")
      .where("username_key", "=", username.toLowerCase())
      .execute();
    expect(users).toHaveLength(1);
  });
});

describe("expiry", () => {
  it("an expired sign-up's link fails and its name is free, before and after the cleanup", async () => {
    const [a, b] = [unique("expiring_"), unique("expiring_")];
    for (const name of [a, b]) await signUp(name, `${name}@example.org`);
    const pathA = linkIn((await mailsTo(`${a}@example.org`, 1))[0] as never);
    // Two days and a bit later, by the rows' clock: no sleeping.
    await t.db
      .updateTable("pending_signups")
      .set({ expires_at: new Date(Date.now() - 1_000).toISOString() })
      .where("username_key", "in", [a.toLowerCase(), b.toLowerCase()])
      .execute();
    const client = createClient(t);
    expect((await client.get(pathA)).status).toBe(400);
    // Not yet purged, and still no hold on the name.
    expect((await signUp(a, `${unique("taker")}@example.org`)).status).toBe(200);
    const counts = await purgeExpired(t.db);
    expect(counts.pendingSignups).toBeGreaterThanOrEqual(1);
    const left = await t.db
      .selectFrom("pending_signups")
      .select("username_key")
      .where("username_key", "=", b.toLowerCase())
      .execute();
    expect(left).toEqual([]);
    expect((await signUp(b, `${unique("taker")}@example.org`)).status).toBe(200);
  });

  it("a live sign-up survives the cleanup", async () => {
    const name = unique("staying_");
    await signUp(name, `${name}@example.org`);
    await purgeExpired(t.db, Date.now() + 47 * HOUR);
    expect((await signUp(name, `${unique("other")}@example.org`)).status).toBe(409);
  });
});

describe("other ways to make an account respect a pending sign-up's name", () => {
  it("the operator CLI refuses it", async () => {
    const name = unique("held_");
    await signUp(name, `${name}@example.org`);
    await expect(
      createUserByOperator(deps(), { username: name, email: null, role: "user" }),
    ).rejects.toThrow("held by a pending sign-up");
  });

  it("an ORCID sign-in picks another name", async () => {
    const word = unique("Orcidperson");
    await signUp(word, `${word}@example.org`);
    const { userId } = await resolveOidcAccount(
      t.db,
      {
        issuer: "https://orcid.org",
        subject: unique("subject-"),
        orcid: null,
        name: word,
        email: null,
        providerName: "ORCID",
      },
      null,
    );
    const user = await t.db
      .selectFrom("users")
      .select("username")
      .where("id", "=", userId)
      .executeTakeFirstOrThrow();
    expect(user.username).toBe(`${word}-2`);
  });
});

describe("claiming a name", () => {
  // A name is free only if neither users nor pending_signups holds it, and no unique key
  // spans both tables: the claim makes a second claimant wait until the first one commits.
  it("holds off a claim on the same name from another connection until the first commits", async () => {
    const name = unique("claimed_");
    const { testDb } = t;
    let commit = () => {};
    const committed = new Promise<void>((resolve) => {
      commit = resolve;
    });
    let claimed = () => {};
    const firstClaimed = new Promise<void>((resolve) => {
      claimed = resolve;
    });
    const first = t.db.transaction().execute(async (trx) => {
      // Only the claim, before the signal: it alone must hold the others off.
      await claimUsername(trx, name, nowIso());
      claimed();
      await committed;
      await insertPendingSignup(trx, {
        username: name,
        email: `${name}@example.org`,
        passwordHash: "$argon2id$not-a-real-hash",
        tokenHash: hashToken(name),
        at: nowIso(),
        expiresAt: new Date(Date.now() + HOUR).toISOString(),
      });
    });
    await firstClaimed;
    if (testDb.db.dialect === "sqlite") {
      // Another connection that may not wait: its claim finds the database locked.
      const other = new Database(testDb.url.replace(/^sqlite:/, ""), { timeout: 0 });
      try {
        other.exec("BEGIN");
        expect(() =>
          other.prepare("DELETE FROM pending_signups WHERE username_key = ?").run("nobody"),
        ).toThrow(/locked|busy/i);
        other.exec("ROLLBACK");
      } finally {
        other.close();
      }
      commit();
      await first;
    } else {
      const { connect } = await import("../../src/db/connect");
      const other = connect(testDb.url);
      try {
        let secondDone = false;
        const second = other.kysely.transaction().execute(async (trx) => {
          await claimUsername(trx, name, nowIso());
          secondDone = true;
          return trx
            .selectFrom("pending_signups")
            .select("id")
            .where("username_key", "=", name.toLowerCase())
            .execute();
        });
        // Waits for the event "the second claim is waiting for a lock", by asking the server.
        for (;;) {
          const waiting = await sql<{ n: number }>`
            select count(*)::int as n from pg_locks
            where locktype = 'advisory' and not granted
              and database = (select oid from pg_database where datname = current_database())`
            .execute(t.db)
            .then((r) => r.rows[0]?.n ?? 0);
          if (waiting > 0 || secondDone) break;
        }
        expect(secondDone).toBe(false);
        commit();
        await first;
        // Once it has the name, it sees what the first claimant wrote.
        expect(await second).toHaveLength(1);
      } finally {
        await other.close();
      }
    }
  });
});
