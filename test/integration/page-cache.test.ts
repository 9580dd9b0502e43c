import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { voteOnSummary } from "../../src/votes/votes.service";
import { makePaper, makeSummary, makeUser } from "../helpers/factories";
import { createTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe("anonymous page cache", () => {
  it("serves an ETag, answers 304 to a matching If-None-Match, and drops pages after a write", async () => {
    const author = await makeUser(t.db);
    const voter = await makeUser(t.db);
    const paper = await makePaper(t.db);
    const summaryId = await makeSummary(t.db, paper.id, author.id);
    const path = `/paper/arxiv/${paper.arxiv}`;

    const first = await t.get(path);
    const etag = first.headers.get("ETag");
    expect(etag).toMatch(/^".+"$/);
    expect(await first.text()).toContain("Score </span>0<");

    const again = await t.get(path, { "If-None-Match": etag ?? "" });
    expect(again.status).toBe(304);

    await voteOnSummary(t.db, { summaryId, userId: voter.id, value: 1 });
    const after = await t.get(path, { "If-None-Match": etag ?? "" });
    expect(after.status).toBe(200);
    expect(after.headers.get("ETag")).not.toBe(etag);
    expect(await after.text()).toContain("Score </span>+1<");
  });

  it("counts views of cached pages too", async () => {
    const paper = await makePaper(t.db);
    const author = await makeUser(t.db);
    await makeSummary(t.db, paper.id, author.id);
    // Three clients (a view counts once per client: see view-counting.test.ts).
    for (let i = 1; i <= 3; i++) {
      await t.get(`/paper/arxiv/${paper.arxiv}`, { "X-Forwarded-For": `198.51.100.${i}` });
    }
    await t.pageViews.flush();
    const row = await t.db
      .selectFrom("paper_views")
      .select("views")
      .where("paper_id", "=", paper.id)
      .executeTakeFirstOrThrow();
    expect(row.views).toBe(3);
  });
});
