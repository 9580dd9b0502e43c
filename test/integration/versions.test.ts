import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertPaper } from "../../src/papers/paper-store.service";
import { makePaper, makeSummary, makeUser } from "../helpers/factories";
import { createTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe("paper versions", () => {
  it("says when the paper has a newer arXiv version than the one a summary describes", async () => {
    const paper = await makePaper(t.db, { arxivVersion: 1 });
    const user = await makeUser(t.db);
    const summaryId = await makeSummary(t.db, paper.id, user.id, { paperVersion: 1 });
    expect(await t.html(`/summary/${summaryId}`)).not.toContain("version-notice");

    // A newer version arrives through the paper store (lookup or import).
    await upsertPaper(t.db, {
      title: "Updated title",
      authors: ["Ada Author"],
      year: 2020,
      venue: null,
      abstract: "",
      categories: ["cs.LG"],
      arxivVersion: 3,
      identifiers: [{ scheme: "arxiv", value: paper.arxiv }],
    });
    const row = await t.db
      .selectFrom("papers")
      .select("arxiv_version")
      .where("id", "=", paper.id)
      .executeTakeFirstOrThrow();
    expect(row.arxiv_version).toBe(3);
    const html = await t.html(`/paper/arxiv/${paper.arxiv}`);
    expect(html).toContain("Written for version 1 of the paper; version 3 is out since.");
    expect(html).toContain(`arXiv ${paper.arxiv}v3`);
  });
});
