import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePaper, makeSummary, makeUser } from "../helpers/factories";
import { signUpFlow } from "../helpers/signup-flow";
import { startTestSmtp, type TestSmtp } from "../helpers/smtp";
import { createTestApp, type TestApp } from "../helpers/test-app";

// Sign-up makes an account at once (issue 10, point 7), so what an account with no confirmed
// address may do is small: read and log in. It can't fill the moderators' queue with reports,
// and it can't put a bio (links) on its public profile. On SQLite and, with TEST_DATABASE_URL,
// PostgreSQL.

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

let serial = 0;
const unique = (prefix: string) => `${prefix}${++serial}${Math.random().toString(36).slice(2, 6)}`;
const { signUp } = signUpFlow(
  () => t,
  () => smtp,
);

describe("an account whose address is not confirmed", () => {
  it("can't report (403 on the form and its answer) and leaves no report behind", async () => {
    const name = unique("fresh_");
    const { client } = await signUp(name, `${name}@example.org`);
    const author = await makeUser(t.db);
    const paper = await makePaper(t.db);
    const summaryId = await makeSummary(t.db, paper.id, author.id);
    await client.get(`/summary/${summaryId}`);
    expect((await client.get(`/report/summary/${summaryId}`)).status).toBe(403);
    const res = await client.post(`/report/summary/${summaryId}`, {
      reason: "spam",
      details: "typed",
    });
    expect(res.status).toBe(403);
    const reports = await t.db
      .selectFrom("reports")
      .select("id")
      .where("target_id", "=", summaryId)
      .execute();
    expect(reports).toEqual([]);
  });

  it("can't publish a bio; the form comes back with what was typed, and nothing is stored", async () => {
    const name = unique("bio_");
    const { client } = await signUp(name, `${name}@example.org`);
    const bio = "Cheap [pills](https://spam.example) here";
    const res = await client.submit("/settings", "/settings/profile", {
      displayName: "New Name",
      bio,
    });
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain("Confirm your e-mail address to add a bio");
    expect(html).toContain("Cheap [pills](https://spam.example) here");
    const row = await t.db
      .selectFrom("users")
      .select(["bio", "bio_html", "display_name"])
      .where("username_key", "=", name.toLowerCase())
      .executeTakeFirstOrThrow();
    expect([row.bio, row.bio_html, row.display_name]).toEqual(["", "", name]);
    expect(await (await client.get(`/user/${name}`)).text()).not.toContain("spam.example");
  });
});
