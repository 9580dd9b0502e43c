import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARGON2_PARAMS } from "../../src/auth/passwords";
import { createClient } from "../helpers/client";
import { makeAccount, makePaper } from "../helpers/factories";
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

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const usersNamed = (key: string) =>
  t.db.selectFrom("users").select("id").where("username_key", "=", key).execute();
const signUpsNamed = (key: string) =>
  t.db.selectFrom("pending_signups").select("id").where("username_key", "=", key).execute();
const sessionsOf = (userId: number) =>
  t.db.selectFrom("sessions").selectAll().where("user_id", "=", userId).execute();

describe("sign-up and e-mail verification", () => {
  it("makes an unconfirmed account that is logged in at once; the mailed link confirms it", async () => {
    const client = createClient(t);
    const before = smtp.mails.length;
    const res = await client.submit("/signup", "/signup", {
      username: "Ada_Lovelace",
      email: "ada@example.org",
      password: "analytical engine notes",
    });
    expect([res.status, res.headers.get("Location")]).toEqual([303, "/signup/welcome"]);
    expect(res.headers.getSetCookie().some((c) => c.startsWith("ss_session="))).toBe(true);
    expect(await (await client.get("/signup/welcome")).text()).toContain(
      "We sent a link to <strong>ada@example.org</strong>; confirm it to",
    );
    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    expect(mail?.to).toEqual(["ada@example.org"]);
    expect(mail?.subject).toBe("Confirm your ShortScience account");
    const link = smtp.linksIn(mail ?? ({} as never)).find((l) => l.includes("/verify/"));
    expect(link).toBeDefined();
    const path = new URL(link ?? "").pathname;

    // Until then: an account with its profile, no address of its own, and no writing.
    const made = await t.db
      .selectFrom("users")
      .selectAll()
      .where("username_key", "=", "ada_lovelace")
      .executeTakeFirstOrThrow();
    expect([made.email, made.email_key, made.email_verified_at]).toEqual([null, null, null]);
    expect(made.pending_email).toBe("ada@example.org");
    expect(made.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const token = await t.db
      .selectFrom("auth_tokens")
      .selectAll()
      .where("user_id", "=", made.id)
      .executeTakeFirstOrThrow();
    expect(token.token_hash).toBe(sha256(path.split("/").pop() ?? ""));
    expect([token.purpose, token.email]).toEqual(["verify_email", "ada@example.org"]);
    expect(await sessionsOf(made.id)).toHaveLength(1);
    expect((await client.get("/user/Ada_Lovelace")).status).toBe(200);
    expect(await signUpsNamed("ada_lovelace")).toEqual([]);
    const paper = await makePaper(t.db);
    const source = `Now *allowed*.${" Long enough for the editor's 200 characters.".repeat(5)}`;
    const early = await client.submit(`/paper/arxiv/${paper.arxiv}`, "/summaries", {
      paperId: String(paper.id),
      source,
    });
    expect(early.status).toBe(403);

    const confirmPage = await client.get(path);
    expect(await confirmPage.text()).toContain("Confirm my address");
    const confirmed = await client.post(path, {});
    expect(confirmed.status).toBe(200);
    // Already logged in as the account: no new session.
    expect(confirmed.headers.getSetCookie().some((c) => c.startsWith("ss_session="))).toBe(false);
    const user = await t.db
      .selectFrom("users")
      .selectAll()
      .where("username_key", "=", "ada_lovelace")
      .executeTakeFirstOrThrow();
    expect(user.username).toBe("Ada_Lovelace");
    expect(user.email_key).toBe("ada@example.org");
    expect(user.email_verified_at).not.toBeNull();
    expect(user.pending_email).toBeNull();

    const login = await createClient(t).submit("/login", "/login", {
      login: "ada@example.org",
      password: "analytical engine notes",
    });
    expect(login.status).toBe(303);
    const published = await client.submit(`/paper/arxiv/${paper.arxiv}`, "/summaries", {
      paperId: String(paper.id),
      source,
    });
    expect(published.status).toBe(303);
    expect(
      await t.db.selectFrom("summaries").select("id").where("paper_id", "=", paper.id).execute(),
    ).toHaveLength(1);
    // Single use.
    expect((await client.post(path, {})).status).toBe(400);
    expect((await client.get(path)).status).toBe(400);
  });

  it.each([
    [{ username: "ab" }, "at least 3"],
    [{ username: "has space" }, "letters, digits"],
    [{ username: "x".repeat(31) }, "at most 30"],
    [{ password: "short" }, "at least 10"],
    [{ password: "qwertyuiop" }, "most common"],
    [{ username: "marie_curie", password: "Marie_Curie" }, "cannot be your username"],
    [{ email: "not-an-address" }, "e-mail"],
  ])("refuses %o with a message saying why", async (over, message) => {
    const client = createClient(t);
    const fields = {
      username: "newcomer",
      email: "newcomer@example.org",
      password: "a fine long password",
      ...over,
    };
    const res = await client.submit("/signup", "/signup", fields);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(message);
    expect(html).not.toContain(fields.password);
    expect(await usersNamed(fields.username.toLowerCase())).toEqual([]);
    expect(await signUpsNamed(fields.username.toLowerCase())).toEqual([]);
  });

  it("keeps usernames unique ignoring case, and never says whether an e-mail is registered", async () => {
    await makeAccount(t.db, { username: "Grace", email: "grace@example.org" });
    const taken = await createClient(t).submit("/signup", "/signup", {
      username: "gRACE",
      email: "other@example.org",
      password: "a fine long password",
    });
    expect(taken.status).toBe(409);
    const before = smtp.mails.length;
    const sameEmail = await createClient(t).submit("/signup", "/signup", {
      username: "grace2",
      email: "GRACE@example.org",
      password: "a fine long password",
    });
    expect([sameEmail.status, sameEmail.headers.get("Location")]).toEqual([303, "/signup/welcome"]);
    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    expect(mail?.subject).toContain("already have");
    // An account with no address, exactly as a new address's would be (signup-trace.test.ts);
    // Grace's account keeps its own.
    expect(await usersNamed("grace2")).toHaveLength(1);
    const grace = await t.db
      .selectFrom("users")
      .select(["email", "pending_email"])
      .where("username_key", "=", "grace")
      .executeTakeFirstOrThrow();
    expect(grace).toEqual({ email: "grace@example.org", pending_email: null });
  });
});

describe("login and sessions", () => {
  it("logs in by username or e-mail, with a fresh random token each time, stored only hashed", async () => {
    const acct = await makeAccount(t.db);
    const tokens: string[] = [];
    for (const login of [acct.username, acct.email.toUpperCase()]) {
      const client = createClient(t);
      client.cookies.set("ss_session", "attacker-chosen-fixation-value-0000000000");
      const res = await client.submit("/login", "/login", { login, password: acct.password });
      expect(res.status).toBe(303);
      const token = client.cookies.get("ss_session") ?? "";
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      tokens.push(token);
    }
    expect(tokens[0]).not.toBe(tokens[1]);
    const stored = (await sessionsOf(acct.id)).map((s) => s.token_hash);
    expect(stored.sort()).toEqual(tokens.map(sha256).sort());
    const user = await t.db
      .selectFrom("users")
      .select("password_hash")
      .where("id", "=", acct.id)
      .executeTakeFirstOrThrow();
    for (const token of tokens) expect(token).not.toBe(user.password_hash);
  });

  it("sets the session cookie HttpOnly and SameSite=Lax", async () => {
    const acct = await makeAccount(t.db);
    const client = createClient(t);
    await client.get("/login");
    const res = await client.post("/login", { login: acct.username, password: acct.password });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("ss_session="));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
  });

  it("says the same thing for a wrong password and an unknown account, and never echoes the password", async () => {
    const acct = await makeAccount(t.db);
    const wrong = await createClient(t).submit("/login", "/login", {
      login: acct.username,
      password: "WrongPassword#123",
    });
    const unknown = await createClient(t).submit("/login", "/login", {
      login: "nobody_at_all",
      password: "WrongPassword#123",
    });
    expect(wrong.status).toBe(400);
    expect(unknown.status).toBe(400);
    const [a, b] = [await wrong.text(), await unknown.text()];
    for (const html of [a, b]) {
      expect(html).toContain("That username, e-mail or password is not right.");
      expect(html).not.toContain("WrongPassword#123");
    }
  });

  it("logs out, and logs out everywhere", async () => {
    const acct = await makeAccount(t.db);
    const one = createClient(t);
    const two = createClient(t);
    await one.submit("/login", "/login", { login: acct.username, password: acct.password });
    await two.submit("/login", "/login", { login: acct.username, password: acct.password });
    expect(await sessionsOf(acct.id)).toHaveLength(2);
    await one.submit("/", "/logout", {});
    expect(await sessionsOf(acct.id)).toHaveLength(1);
    expect((await one.get("/settings")).status).toBe(403);
    await two.submit("/settings", "/settings/logout-everywhere", {});
    expect(await sessionsOf(acct.id)).toHaveLength(0);
    expect((await two.get("/settings")).status).toBe(403);
  });

  it("ends idle sessions and sessions past their absolute lifetime", async () => {
    const acct = await makeAccount(t.db);
    const idle = createClient(t);
    await idle.submit("/login", "/login", { login: acct.username, password: acct.password });
    expect((await idle.get("/settings")).status).toBe(200);
    await t.db
      .updateTable("sessions")
      .set({ last_seen_at: "2000-01-01T00:00:00.000Z" })
      .where("user_id", "=", acct.id)
      .execute();
    expect((await idle.get("/settings")).status).toBe(403);

    const old = createClient(t);
    await old.submit("/login", "/login", { login: acct.username, password: acct.password });
    await t.db
      .updateTable("sessions")
      .set({ expires_at: "2000-01-01T00:00:00.000Z" })
      .where("user_id", "=", acct.id)
      .execute();
    expect((await old.get("/settings")).status).toBe(403);
    expect(await sessionsOf(acct.id)).toHaveLength(0);
  });

  it("rehashes a password stored with older argon2 parameters at login", async () => {
    const acct = await makeAccount(t.db);
    const { hash } = await import("@node-rs/argon2");
    const weak = await hash(acct.password, { ...ARGON2_PARAMS, memoryCost: 8_192, timeCost: 1 });
    await t.db
      .updateTable("users")
      .set({ password_hash: weak })
      .where("id", "=", acct.id)
      .execute();
    const res = await createClient(t).submit("/login", "/login", {
      login: acct.username,
      password: acct.password,
    });
    expect(res.status).toBe(303);
    const row = await t.db
      .selectFrom("users")
      .select("password_hash")
      .where("id", "=", acct.id)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/\$m=19456,t=2,p=1\$/);
  });

  it("ends every session when a password changes, and needs the current password for it", async () => {
    const acct = await makeAccount(t.db);
    const here = createClient(t);
    const elsewhere = createClient(t);
    await here.submit("/login", "/login", { login: acct.username, password: acct.password });
    await elsewhere.submit("/login", "/login", { login: acct.username, password: acct.password });
    const refused = await here.submit("/settings", "/settings/password", {
      current: "not my password",
      next: "a brand new passphrase",
    });
    expect(refused.status).toBe(400);
    const changed = await here.submit("/settings", "/settings/password", {
      current: acct.password,
      next: "a brand new passphrase",
    });
    expect(changed.status).toBe(303);
    expect((await elsewhere.get("/settings")).status).toBe(403);
    expect((await here.get("/settings")).status).toBe(200);
    expect(await sessionsOf(acct.id)).toHaveLength(1);
  });
});

describe("bans", () => {
  it("end a banned user's open sessions at once and refuse their login", async () => {
    const { banUser } = await import("../../src/auth/admin.service");
    const acct = await makeAccount(t.db);
    const client = createClient(t);
    await client.submit("/login", "/login", { login: acct.username, password: acct.password });
    expect((await client.get("/settings")).status).toBe(200);
    await banUser(t.db, acct.username);
    expect((await client.get("/settings")).status).toBe(403);
    const again = await createClient(t).submit("/login", "/login", {
      login: acct.username,
      password: acct.password,
    });
    expect(again.status).toBe(403);
    expect(await again.text()).toContain("suspended");
    expect(await sessionsOf(acct.id)).toHaveLength(0);
  });
});
