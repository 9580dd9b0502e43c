import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

async function requestLink(email: string): Promise<string> {
  const before = smtp.mails.length;
  const res = await createClient(t).submit("/reset", "/reset", { email });
  expect(res.status).toBe(200);
  const [mail] = (await smtp.waitFor(before + 1)).slice(before);
  const link = smtp.linksIn(mail ?? ({} as never)).find((l) => l.includes("/reset/"));
  if (!link) throw new Error("no reset link in the mail");
  return new URL(link).pathname;
}

const stripToken = (html: string) => html.replace(/name="_csrf" value="[^"]+"/g, "");

describe("password reset", () => {
  it("answers the same whether or not the address has an account", async () => {
    const acct = await makeAccount(t.db);
    const before = smtp.mails.length;
    const known = await createClient(t).submit("/reset", "/reset", { email: acct.email });
    const unknown = await createClient(t).submit("/reset", "/reset", {
      email: "nobody@example.org",
    });
    expect(known.status).toBe(unknown.status);
    expect(stripToken(await known.text())).toBe(stripToken(await unknown.text()));
    const mails = (await smtp.waitFor(before + 1)).slice(before);
    expect(mails.map((m) => m.to)).toEqual([[acct.email]]);
  });

  it("sets a new password through a single-use link stored hashed; the link alone logs nobody in", async () => {
    const acct = await makeAccount(t.db);
    const other = createClient(t);
    await other.submit("/login", "/login", { login: acct.username, password: acct.password });
    const path = await requestLink(acct.email);
    const token = path.split("/").pop() ?? "";
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const stored = await t.db
      .selectFrom("auth_tokens")
      .selectAll()
      .where("user_id", "=", acct.id)
      .execute();
    expect(stored.map((s) => s.token_hash)).toContain(
      createHash("sha256").update(token).digest("hex"),
    );
    expect(stored.some((s) => s.token_hash === token)).toBe(false);

    const client = createClient(t);
    const form = await client.get(path);
    expect(form.status).toBe(200);
    expect(form.headers.getSetCookie().some((c) => c.includes("ss_session"))).toBe(false);
    expect((await client.get("/settings")).status).toBe(403);

    const done = await client.post(path, { password: "the new long passphrase" });
    expect(done.status).toBe(303);
    expect(done.headers.get("Location")).toBe("/login?notice=reset");
    expect(client.cookies.has("ss_session")).toBe(false);
    expect((await other.get("/settings")).status).toBe(403);

    const again = await client.post(path, { password: "yet another passphrase" });
    expect(again.status).toBe(400);
    const oldLogin = await createClient(t).submit("/login", "/login", {
      login: acct.username,
      password: acct.password,
    });
    expect(oldLogin.status).toBe(400);
    const newLogin = await createClient(t).submit("/login", "/login", {
      login: acct.username,
      password: "the new long passphrase",
    });
    expect(newLogin.status).toBe(303);
  });

  it("refuses a link after its hour is up", async () => {
    const acct = await makeAccount(t.db);
    const path = await requestLink(acct.email);
    await t.db
      .updateTable("auth_tokens")
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where("user_id", "=", acct.id)
      .execute();
    const client = createClient(t);
    expect((await client.get(path)).status).toBe(400);
    const hashBefore = (
      await t.db
        .selectFrom("users")
        .select("password_hash")
        .where("id", "=", acct.id)
        .executeTakeFirstOrThrow()
    ).password_hash;
    const posted = await client.submit("/reset", path, { password: "another long passphrase" });
    expect(posted.status).toBe(400);
    const hashAfter = (
      await t.db
        .selectFrom("users")
        .select("password_hash")
        .where("id", "=", acct.id)
        .executeTakeFirstOrThrow()
    ).password_hash;
    expect(hashAfter).toBe(hashBefore);
  });

  it("a newer link replaces the older one", async () => {
    const acct = await makeAccount(t.db);
    const first = await requestLink(acct.email);
    const second = await requestLink(acct.email);
    const client = createClient(t);
    expect((await client.get(first)).status).toBe(400);
    expect((await client.get(second)).status).toBe(200);
  });
});
