// Sign-up makes the account at once and logs it in; the mailed link confirms its address and
// logs a browser that is not logged in into it. On SQLite and, with TEST_DATABASE_URL,
// PostgreSQL.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../src/auth/passwords";
import { hashToken, randomToken } from "../../src/core/tokens";
import { createClient } from "../helpers/client";
import { makeAccount, makePaper } from "../helpers/factories";
import { logInNewAccount } from "../helpers/logged-in";
import { SIGNUP_PASSWORD, signUpFlow } from "../helpers/signup-flow";
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

const PASSWORD = SIGNUP_PASSWORD;
const HOUR = 3_600_000;
let serial = 0;
const unique = (prefix: string) => `${prefix}${++serial}${Math.random().toString(36).slice(2, 6)}`;
const q = encodeURIComponent;
const { signUp, linkTo, confirm, userRow, whoIs } = signUpFlow(
  () => t,
  () => smtp,
);

describe("sign-up logs in", () => {
  it("at once, unconfirmed: reads, logs in by username, cannot write until confirming", async () => {
    const name = unique("reader_");
    const email = `${name}@example.org`;
    const paper = await makePaper(t.db);
    const path = `/paper/arxiv/${paper.arxiv}`;
    const { client, res } = await signUp(name, email, path);
    expect([res.status, res.headers.get("Location")]).toEqual([
      303,
      `/signup/welcome?next=${q(path)}`,
    ]);
    const welcome = await (await client.get(res.headers.get("Location") ?? "")).text();
    expect(welcome).toContain(`We sent a link to <strong>${email}</strong>`);
    expect(welcome).toContain(`href="${path}"`);
    // A logged-in-only page answers with the account's settings.
    const settings = await client.get("/settings");
    expect(settings.status).toBe(200);
    expect(await settings.text()).toContain(`Your address ${email} is not confirmed yet`);
    expect(await whoIs(client)).toBe(name);
    expect(await (await client.get(path)).text()).toContain("Confirm your e-mail address");
    const refused = await client.submit(path, "/summaries", {
      paperId: String(paper.id),
      source: `Not yet.${" Long enough for the editor's 200 characters.".repeat(5)}`,
    });
    expect(refused.status).toBe(403);

    const byName = await createClient(t).submit("/login", "/login", {
      login: name,
      password: PASSWORD,
    });
    expect(byName.status).toBe(303);
    // The address is not the account's until it is confirmed.
    const byAddress = await createClient(t).submit("/login", "/login", {
      login: email,
      password: PASSWORD,
    });
    expect(byAddress.status).toBe(400);

    // "Send the link again" goes to the pending address.
    await linkTo(email, 1);
    await client.submit("/settings", "/settings/resend-verification", {});
    const again = await linkTo(email, 2);
    expect(again).toMatch(/^\/verify\//);
  });

  it("the welcome page sends a browser that is not logged in to the login form", async () => {
    const res = await createClient(t).get("/signup/welcome?next=%2Fvenues");
    expect([res.status, res.headers.get("Location")]).toEqual([303, "/login?next=%2Fvenues"]);
  });
});

describe("confirming the link", () => {
  it("logs the browser that signed up back in (after its session ended), and names it first", async () => {
    const name = unique("elsewhere_");
    const email = `${name}@example.org`;
    const { client } = await signUp(name, email);
    const path = await linkTo(email);
    // The session ends (logged out, expired); the browser keeps the sign-up's key.
    client.cookies.delete("ss_session");
    expect(await whoIs(client)).toBeNull();
    const page = await (await client.get(path)).text();
    expect(page).toContain(`the account <strong>${name}</strong>`);
    const res = await client.post(path, {});
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`is now confirmed for the account <strong>${name}</strong>`);
    expect(res.headers.getSetCookie().some((c) => c.startsWith("ss_session="))).toBe(true);
    expect(await whoIs(client)).toBe(name);
    const row = await userRow(name);
    expect([row?.email, row?.email_key, row?.pending_email]).toEqual([email, email, null]);
    expect(row?.email_verified_at).not.toBeNull();
    // Single use.
    expect((await client.post(path, {})).status).toBe(400);
    expect((await createClient(t).get(path)).status).toBe(400);
  });

  it("confirms in another browser without logging it in (whoever else reads that inbox)", async () => {
    const name = unique("typo_");
    const email = `${name}@example.org`;
    await signUp(name, email);
    const path = await linkTo(email);
    const stranger = createClient(t);
    await stranger.get(path);
    const res = await stranger.post(path, {});
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`is now confirmed for the account <strong>${name}</strong>`);
    expect(html).toContain('href="/login"');
    expect(res.headers.getSetCookie().some((c) => c.startsWith("ss_session="))).toBe(false);
    expect(await whoIs(stranger)).toBeNull();
    // A forged key is no key: a browser sending another sign-up's key is not logged in either.
    const other = unique("forger_");
    const forger = (await signUp(other, `${other}@example.org`)).client;
    forger.cookies.delete("ss_session");
    const name2 = unique("victim_");
    await signUp(name2, `${name2}@example.org`);
    const path2 = await linkTo(`${name2}@example.org`);
    await forger.get(path2);
    await forger.post(path2, {});
    expect(await whoIs(forger)).toBeNull();
    expect((await userRow(name2))?.email_verified_at).not.toBeNull();
  });

  it("returns a browser logged in as the account to the page the sign-up started from", async () => {
    const name = unique("writer_");
    const email = `${name}@example.org`;
    const paper = await makePaper(t.db);
    const where = `/paper/arxiv/${paper.arxiv}`;
    const { client } = await signUp(name, email, where);
    const path = await linkTo(email);
    expect(path).toContain(`?next=${q(where)}`);
    const res = await confirm(client, path);
    expect([res.status, res.headers.get("Location")]).toEqual([303, where]);
    const published = await client.submit(where, "/summaries", {
      paperId: String(paper.id),
      source: `Now *allowed*.${" Long enough for the editor's 200 characters.".repeat(5)}`,
    });
    expect(published.status).toBe(303);
  });

  it("confirms for the link's account but never switches a browser logged in as another", async () => {
    const name = unique("linked_");
    const email = `${name}@example.org`;
    await signUp(name, email, "/venues");
    const path = await linkTo(email);
    const { acct, client } = await logInNewAccount(t);
    const res = await confirm(client, path);
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().some((c) => c.startsWith("ss_session="))).toBe(false);
    const html = await res.text();
    expect(html).toContain(`is now confirmed for the account <strong>${name}</strong>`);
    expect(html).toContain(`You are still logged in as <strong>${acct.username}</strong>`);
    expect(await whoIs(client)).toBe(acct.username);
    expect((await userRow(name))?.email).toBe(email);
  });

  it("changes nothing, and says so, when another account took the address meanwhile", async () => {
    const name = unique("late_");
    const email = `${name}@example.org`;
    await signUp(name, email);
    const path = await linkTo(email);
    await makeAccount(t.db, { email });
    const browser = createClient(t);
    const res = await confirm(browser, path);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("That address now belongs to another account");
    expect(browser.cookies.has("ss_session")).toBe(false);
    const row = await userRow(name);
    expect([row?.email, row?.email_verified_at, row?.pending_email]).toEqual([null, null, email]);
  });

  it("works once however often the link is posted at once", async () => {
    const name = unique("twice_");
    const email = `${name}@example.org`;
    await signUp(name, email);
    const path = await linkTo(email);
    const browsers = [createClient(t), createClient(t), createClient(t)];
    for (const b of browsers) await b.get(path);
    const statuses = (await Promise.all(browsers.map((b) => b.post(path, {})))).map(
      (r) => r.status,
    );
    expect(statuses.sort()).toEqual([200, 400, 400]);
  });

  it("still opens a link mailed by the older sign-up, which made no account until then", async () => {
    const name = unique("older_");
    const email = `${name}@example.org`;
    const token = randomToken(16);
    const now = Date.now();
    await t.db
      .insertInto("pending_signups")
      .values({
        username: name,
        username_key: name.toLowerCase(),
        email,
        password_hash: await hashPassword(PASSWORD),
        token_hash: hashToken(token),
        created_at: new Date(now).toISOString(),
        expires_at: new Date(now + HOUR).toISOString(),
      })
      .execute();
    // Its name is held until then.
    expect((await signUp(name, `${unique("other")}@example.org`)).res.status).toBe(409);
    const browser = createClient(t);
    const res = await confirm(browser, `/verify/${token}?next=%2Fvenues`);
    expect([res.status, res.headers.get("Location")]).toEqual([303, "/venues"]);
    expect(await whoIs(browser)).toBe(name);
    expect((await userRow(name))?.email_key).toBe(email);
  });
});

describe("parallel sign-ups", () => {
  it("give one username to exactly one of them; the others get 409", async () => {
    const name = unique("Contested_");
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => signUp(name, `${name}-${i}@example.org`)),
    );
    const statuses = results.map((r) => r.res.status).sort();
    expect(statuses).toEqual([303, 409, 409, 409, 409, 409]);
    const rows = await t.db
      .selectFrom("users")
      .select("id")
      .where("username_key", "=", name.toLowerCase())
      .execute();
    expect(rows).toHaveLength(1);
  });

  it("with one address make both accounts, and only one can confirm it", async () => {
    const email = `${unique("shared")}@example.org`;
    const [a, b] = [unique("first_"), unique("second_")];
    const results = await Promise.all([signUp(a, email), signUp(b, email)]);
    expect(results.map((r) => r.res.status)).toEqual([303, 303]);
    const links = [await linkTo(email, 1), await linkTo(email, 2)];
    const browsers = [createClient(t), createClient(t)];
    for (const [i, browser] of browsers.entries()) await browser.get(links[i] ?? "");
    const answers = await Promise.all(browsers.map((br, i) => br.post(links[i] ?? "", {})));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 400]);
    const rows = await t.db
      .selectFrom("users")
      .select(["username", "email", "pending_email"])
      .where("username_key", "in", [a.toLowerCase(), b.toLowerCase()])
      .execute();
    expect(rows).toHaveLength(2);
    expect(rows.filter((r) => r.email === email)).toHaveLength(1);
    expect(rows.filter((r) => r.email === null && r.pending_email === email)).toHaveLength(1);
  });
});
