// Issue 9: comments and bios go through the same renderer as summaries, so they get the same
// HTML allowlist: allowed tags kept, handlers, styles, classes and scripts removed. Both are
// posted through their forms, as a person would.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePaper, makeSummary } from "../helpers/factories";
import { findActiveContent } from "../helpers/html-inert";
import { logInNewAccount } from "../helpers/logged-in";
import { createTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const AUTHOR_HTML =
  'H<sub>2</sub>O <b class="big" onclick="alert(1)">bold</b><br>' +
  '<span style="position:fixed">$x^2$</span><script>alert(2)</script>';

function expectAllowlisted(html: string): void {
  expect(html).toContain("H<sub>2</sub>O <b>bold</b><br><span>");
  expect(html).toContain('<span class="katex">');
  expect(html).not.toMatch(/onclick|style="position|class="big"|<script|alert\(2\)/);
  expect(findActiveContent(html)).toEqual([]);
}

const loggedIn = () => logInNewAccount(t);

describe("author HTML outside summaries", () => {
  it("a comment keeps the allowed tags and loses the rest", async () => {
    const { acct, client } = await loggedIn();
    const paper = await makePaper(t.db);
    const summaryId = await makeSummary(t.db, paper.id, acct.id);
    const path = `/summary/${summaryId}`;
    const res = await client.submit(path, `${path}/comments`, { source: AUTHOR_HTML });
    expect(res.status).toBe(303);
    const row = await t.db
      .selectFrom("comments")
      .select("html")
      .where("summary_id", "=", summaryId)
      .executeTakeFirstOrThrow();
    expectAllowlisted(row.html);
  });

  it("a bio keeps the allowed tags and loses the rest", async () => {
    const { acct, client } = await loggedIn();
    const res = await client.submit("/settings", "/settings/profile", {
      displayName: "HTML Bio",
      bio: AUTHOR_HTML,
      orcid: "",
    });
    expect(res.status).toBe(303);
    const row = await t.db
      .selectFrom("users")
      .select("bio_html")
      .where("id", "=", acct.id)
      .executeTakeFirstOrThrow();
    expectAllowlisted(row.bio_html);
  });
});
