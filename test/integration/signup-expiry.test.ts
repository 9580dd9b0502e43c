// Accounts whose address was never confirmed go with the cleanup; the sign-up pages are valid
// HTML. On SQLite and, with TEST_DATABASE_URL, PostgreSQL.

import { HtmlValidate } from "html-validate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { purgeExpired } from "../../src/maintenance/cleanup.service";
import type { TestClient } from "../helpers/client";
import { makePaper, makeSummary } from "../helpers/factories";
import { logInNewAccount } from "../helpers/logged-in";
import { signUpFlow } from "../helpers/signup-flow";
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

const HOUR = 3_600_000;
let serial = 0;
const unique = (prefix: string) => `${prefix}${++serial}${Math.random().toString(36).slice(2, 6)}`;
const { signUp, linkTo, confirm, userRow, whoIs } = signUpFlow(
  () => t,
  () => smtp,
);

describe("accounts never confirmed", () => {
  /** Moves an account's sign-up and its links `hours` into the past, by the rows' clock. */
  async function age(username: string, hours: number) {
    const row = await userRow(username);
    const shift = (iso: string) => new Date(Date.parse(iso) - hours * HOUR).toISOString();
    await t.db
      .updateTable("users")
      .set({ created_at: shift(row?.created_at ?? "") })
      .where("id", "=", row?.id ?? 0)
      .execute();
    const tokens = await t.db
      .selectFrom("auth_tokens")
      .select(["id", "expires_at"])
      .where("user_id", "=", row?.id ?? 0)
      .execute();
    for (const k of tokens) {
      await t.db
        .updateTable("auth_tokens")
        .set({ expires_at: shift(k.expires_at) })
        .where("id", "=", k.id)
        .execute();
    }
  }

  it("are deleted by the cleanup once their link expired and they have nothing of their own", async () => {
    const [gone, resent, wrote, confirmed] = [
      unique("gone_"),
      unique("resent_"),
      unique("wrote_"),
      unique("confirmed_"),
    ];
    const browsers: Record<string, TestClient> = {};
    for (const name of [gone, resent, wrote, confirmed])
      browsers[name] = (await signUp(name, `${name}@example.org`)).client;
    await confirm(browsers[confirmed] as TestClient, await linkTo(`${confirmed}@example.org`));
    const paper = await makePaper(t.db);
    await makeSummary(t.db, paper.id, (await userRow(wrote))?.id ?? 0);
    for (const name of [gone, resent, wrote, confirmed]) await age(name, 49);
    // A link sent again keeps the account for that link's 48 hours.
    await (browsers[resent] as TestClient).submit("/settings", "/settings/resend-verification", {});

    // Not before the cleanup runs: the name is still the account's.
    expect((await signUp(gone, `${unique("taker")}@example.org`)).res.status).toBe(409);
    const counts = await purgeExpired(t.db);
    expect(counts.unconfirmedAccounts).toBeGreaterThanOrEqual(1);
    expect(await userRow(gone)).toBeUndefined();
    for (const name of [resent, wrote, confirmed]) expect(await userRow(name)).toBeDefined();
    expect((await t.get(`/user/${gone}`)).status).toBe(404);
    expect(await whoIs(browsers[gone] as TestClient)).toBeNull();
    // The name is free again.
    expect((await signUp(gone, `${unique("taker")}@example.org`)).res.status).toBe(303);
  });

  it("a live one survives the cleanup", async () => {
    const name = unique("staying_");
    await signUp(name, `${name}@example.org`);
    await age(name, 47);
    await purgeExpired(t.db);
    expect(await userRow(name)).toBeDefined();
    expect((await signUp(name, `${unique("other")}@example.org`)).res.status).toBe(409);
  });
});

describe("the pages are valid HTML5", () => {
  const validator = new HtmlValidate({ extends: ["html-validate:standard"] });
  const problems = async (res: Response) => {
    const report = await validator.validateString(await res.text());
    return report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`));
  };

  it("welcome, the link's form, and both kinds of answer", async () => {
    const name = unique("valid_");
    const email = `${name}@example.org`;
    const { client } = await signUp(name, email);
    expect(await problems(await client.get("/signup/welcome"))).toEqual([]);
    const path = await linkTo(email);
    const { client: other } = await logInNewAccount(t);
    expect(await problems(await other.get(path))).toEqual([]);
    const answer = await other.post(path, {});
    expect(answer.status).toBe(200);
    expect(await problems(answer)).toEqual([]);
  });
});
