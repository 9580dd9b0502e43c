import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePaper, makeSummary, makeUser } from "../helpers/factories";
import { logInNewAccount } from "../helpers/logged-in";
import { createTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const loggedIn = () => logInNewAccount(t);

describe("writing from the paper page", () => {
  it("publishes a summary, then revises it: one summary, every version kept", async () => {
    const { acct, client } = await loggedIn();
    const paper = await makePaper(t.db, { arxivVersion: 3 });
    const page = await client.get(`/paper/arxiv/${paper.arxiv}`);
    expect(await page.text()).toContain("Add a summary");
    // The editor publishes 200 characters or more (SUMMARY_MIN_CHARS).
    const firstTake = `First take, $a^2$.${" Long enough for the editor.".repeat(7)}`;
    const secondTake = `Second take.${" Long enough for the editor.".repeat(7)}`;
    await client.get(`/paper/arxiv/${paper.arxiv}/write`);
    const first = await client.post("/summaries", {
      paperId: String(paper.id),
      source: firstTake,
    });
    expect(first.status).toBe(303);
    await client.get(`/paper/arxiv/${paper.arxiv}`);
    expect(client.lastHtml).toContain("Edit your summary");
    await client.get(`/paper/arxiv/${paper.arxiv}/write`);
    expect(client.lastHtml).toContain(firstTake);
    const second = await client.post("/summaries", {
      paperId: String(paper.id),
      source: secondTake,
    });
    expect(second.status).toBe(303);
    const rows = await t.db
      .selectFrom("summaries")
      .selectAll()
      .where("paper_id", "=", paper.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.user_id).toBe(acct.id);
    expect(rows[0]?.html).toContain("Second take.");
    expect(rows[0]?.paper_version).toBe(3);
    const revisions = await t.db
      .selectFrom("summary_revisions")
      .select("source")
      .where("summary_id", "=", rows[0]?.id ?? 0)
      .orderBy("id")
      .execute();
    expect(revisions.map((r) => r.source)).toEqual([firstTake, secondTake]);
    expect(await t.html(`/paper/arxiv/${paper.arxiv}`)).toContain("Second take.");
  });

  it("refuses a text over the limit without echoing it (hostile-input.test.ts: text kept otherwise)", async () => {
    const { client } = await loggedIn();
    const paper = await makePaper(t.db);
    await client.get(`/paper/arxiv/${paper.arxiv}`);
    const res = await client.post("/summaries", {
      paperId: String(paper.id),
      source: "x".repeat(100_001),
    });
    expect(res.status).toBe(413);
    const html = await res.text();
    expect(html).toContain("go back to get it");
    expect(html).not.toContain("x".repeat(1000));
  });

  it("comments and votes, but not on one's own summary", async () => {
    const { acct, client } = await loggedIn();
    const author = await makeUser(t.db);
    const paper = await makePaper(t.db);
    const theirs = await makeSummary(t.db, paper.id, author.id);
    const mine = await makeSummary(t.db, paper.id, acct.id);
    await client.get(`/paper/arxiv/${paper.arxiv}`);
    expect(
      (await client.post(`/summary/${theirs}/comments`, { source: "Nice, but $x_i$?" })).status,
    ).toBe(303);
    expect((await client.post(`/summary/${theirs}/vote`, { value: "1" })).status).toBe(303);
    expect((await client.post(`/summary/${mine}/vote`, { value: "1" })).status).toBe(403);
    expect((await client.post(`/summary/${theirs}/vote`, { value: "7" })).status).toBe(400);
    const comment = await t.db
      .selectFrom("comments")
      .selectAll()
      .where("summary_id", "=", theirs)
      .executeTakeFirstOrThrow();
    expect(comment.html).toContain('class="katex"');
    const scores = await t.db
      .selectFrom("summaries")
      .select(["id", "score"])
      .where("paper_id", "=", paper.id)
      .execute();
    expect(Object.fromEntries(scores.map((s) => [s.id, s.score]))).toEqual({
      [theirs]: 1,
      [mine]: 0,
    });
  });
});
