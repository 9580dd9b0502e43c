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

const scoreOf = async (id: number) =>
  (
    await t.db
      .selectFrom("summaries")
      .select("score")
      .where("id", "=", id)
      .executeTakeFirstOrThrow()
  ).score;

describe("votes", () => {
  it("keep the score equal to the sum of one vote per voter", async () => {
    const author = await makeUser(t.db);
    const a = await makeUser(t.db);
    const b = await makeUser(t.db);
    const paper = await makePaper(t.db);
    const id = await makeSummary(t.db, paper.id, author.id);
    await voteOnSummary(t.db, { summaryId: id, userId: a.id, value: 1 });
    await voteOnSummary(t.db, { summaryId: id, userId: b.id, value: 1 });
    expect(await scoreOf(id)).toBe(2);
    await voteOnSummary(t.db, { summaryId: id, userId: b.id, value: -1 });
    expect(await scoreOf(id)).toBe(0);
    const votes = await t.db.selectFrom("votes").selectAll().where("summary_id", "=", id).execute();
    expect(votes).toHaveLength(2);
  });

  it("refuse a vote on one's own summary, and on a private one", async () => {
    const author = await makeUser(t.db);
    const other = await makeUser(t.db);
    const paper = await makePaper(t.db);
    const own = await makeSummary(t.db, paper.id, author.id);
    await expect(
      voteOnSummary(t.db, { summaryId: own, userId: author.id, value: 1 }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    const hidden = await makeSummary(t.db, paper.id, other.id, { isPrivate: true });
    await expect(
      voteOnSummary(t.db, { summaryId: hidden, userId: author.id, value: 1 }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await scoreOf(own)).toBe(0);
  });
});
