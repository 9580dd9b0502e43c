// What a sign-up leaves behind must not tell whether its address is registered: a red-team
// found that a new address got an account at once (profile 200, the name then taken) and a
// registered one nothing. Now both make an account at once, with no address (the typed one
// waits as its pending address), logged in, with one confirmation link that only a new
// address is mailed. On SQLite and, with TEST_DATABASE_URL, PostgreSQL.

import Database from "better-sqlite3";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserByOperator } from "../../src/auth/admin.service";
import { resolveOidcAccount } from "../../src/auth/oidc-accounts.service";
import { claimUsername } from "../../src/auth/pending-signups.repo";
import { nowIso } from "../../src/core/time";
import { insertUser } from "../../src/users/users.repo";
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

const blankSession = (cookies: string[]) =>
  cookies.map((c) => c.replace(/^(\w+)=[^;]+/, "$1=TOKEN")).sort();

/** What a sign-up leaves in the database, with its own name and address blanked. */
async function rowsOf(username: string, email: string) {
  const user = await t.db
    .selectFrom("users")
    .selectAll()
    .where("username_key", "=", username.toLowerCase())
    .executeTakeFirstOrThrow();
  const tokens = await t.db
    .selectFrom("auth_tokens")
    .select(["purpose", "email", "used_at"])
    .where("user_id", "=", user.id)
    .execute();
  const sessions = await t.db
    .selectFrom("sessions")
    .select("id")
    .where("user_id", "=", user.id)
    .execute();
  return {
    email: user.email,
    emailKey: user.email_key,
    pending: user.pending_email === email ? "ADDRESS" : user.pending_email,
    verified: user.email_verified_at,
    tokens: tokens.map((k) => ({ ...k, email: k.email === email ? "ADDRESS" : k.email })),
    sessions: sessions.length,
  };
}

/** Everything a stranger, or the person signing up, can see of a sign-up, blanked. */
async function trace(username: string, email: string) {
  const other = `${unique("other")}@example.org`;
  const blank = (s: string) =>
    stripToken(s)
      .replaceAll(username, "NAME")
      .replaceAll(email, "ADDRESS")
      .replaceAll(other, "OTHER");
  const person = createClient(t);
  const first = await person.submit("/signup", "/signup", {
    username,
    email,
    password: PASSWORD,
  });
  const welcome = await person.get(first.headers.get("Location") ?? "");
  const settings = await person.get("/settings");
  const profile = await t.get(`/user/${username}`);
  const again = await signUp(username, other);
  const login = await createClient(t).submit("/login", "/login", {
    login: username,
    password: PASSWORD,
  });
  return {
    signUp: [
      first.status,
      first.headers.get("Location"),
      blankSession(first.headers.getSetCookie()),
    ],
    welcome: [welcome.status, blank(await welcome.text())],
    settings: [settings.status, blank(await settings.text())],
    profile: [profile.status, blank(await profile.text())],
    sameName: [again.status, blank(await again.text())],
    login: [login.status, login.headers.get("Location")],
    rows: await rowsOf(username, email),
  };
}

describe("the red-team's probe: a registered and a new address leave the same trace", () => {
  it("same answers, pages, profile, name, login and rows; only the mails differ", async () => {
    const owner = await makeAccount(t.db);
    const registered = owner.email;
    const fresh = `${unique("fresh")}@example.org`;
    const known = await trace(unique("known_"), registered);
    const unknown = await trace(unique("unknown_"), fresh);
    expect(known).toEqual(unknown);
    expect(known.signUp.slice(0, 2)).toEqual([303, "/signup/welcome"]);
    expect(known.welcome[0]).toBe(200);
    expect(known.welcome[1]).toContain("We sent a link to <strong>ADDRESS</strong>");
    expect(known.settings[0]).toBe(200);
    expect(known.profile[0]).toBe(200);
    expect(known.sameName[0]).toBe(409);
    expect(known.login).toEqual([303, "/"]);
    expect(known.rows).toEqual({
      email: null,
      emailKey: null,
      pending: "ADDRESS",
      verified: null,
      tokens: [{ purpose: "verify_email", email: "ADDRESS", used_at: null }],
      sessions: 2,
    });

    // The owner of a registered address hears that it has an account, and gets no link.
    const [notice] = await mailsTo(registered, 1);
    expect(notice?.subject).toBe("You already have a ShortScience account");
    expect(smtp.linksIn(notice as never).some((l) => l.includes("/verify/"))).toBe(false);
    const [confirm] = await mailsTo(fresh, 1);
    expect(confirm?.subject).toBe("Confirm your ShortScience account");
    expect(linkIn(confirm as never)).toMatch(/^\/verify\/[A-Za-z0-9_-]{22}$/);
    // The owner's account is untouched.
    const row = await t.db
      .selectFrom("users")
      .select(["email", "pending_email"])
      .where("id", "=", owner.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ email: registered, pending_email: null });
  });
});

describe("other ways to make an account respect a new, unconfirmed account's name", () => {
  it("the operator CLI refuses it", async () => {
    const name = unique("held_");
    await signUp(name, `${name}@example.org`);
    await expect(
      createUserByOperator(deps(), { username: name, email: null, role: "user" }),
    ).rejects.toThrow("That username is taken");
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
  // A name is free only if neither users nor (older) pending_signups holds it, and no unique
  // key spans both tables: the claim makes a second claimant wait until the first commits.
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
      await insertUser(trx, {
        username: name,
        displayName: name,
        bio: "",
        bioHtml: "",
        orcid: null,
        email: null,
        passwordHash: "$argon2id$not-a-real-hash",
        createdAt: nowIso(),
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
            .selectFrom("users")
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
