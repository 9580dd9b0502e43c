import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteAccount } from "../../src/settings/settings.service";
import { voteOnSummary } from "../../src/votes/votes.service";
import { makePaper, makeSummary, makeUser } from "../helpers/factories";
import { createTestApp, type TestApp } from "../helpers/test-app";

// Two people who voted on each other's summaries delete their accounts at the same moment.
// Each deletion locks its own summaries (a "keep" deletion renames the author, whose search
// text is rewritten; a "remove" deletion deletes them) and the summaries it voted on: in
// two orders, the two would wait on each other and PostgreSQL would abort one (a 500 for that
// person). Both must go through, with the scores taken back. SQLite writes one at a time;
// the test runs there too.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function votedOnEachOther() {
  const people = [await makeUser(t.db), await makeUser(t.db)];
  const paper = await makePaper(t.db);
  const summaries = [];
  for (const p of people)
    summaries.push(await makeSummary(t.db, paper.id, p.id, { source: `By ${p.username}.` }));
  // Each votes on the other's summary, and on a third person's, so each locks several.
  const third = await makeSummary(t.db, paper.id, (await makeUser(t.db)).id);
  for (const [i, p] of people.entries()) {
    await voteOnSummary(t.db, { summaryId: summaries[1 - i] as number, userId: p.id, value: 1 });
    await voteOnSummary(t.db, { summaryId: third, userId: p.id, value: 1 });
  }
  return { people, summaries, third };
}

describe("two accounts that voted on each other's summaries, deleted at once", () => {
  for (const mode of ["keep", "remove"] as const) {
    it(`both go (${mode}), and the votes are taken back`, async () => {
      const pairs = [];
      for (let i = 0; i < 6; i++) pairs.push(await votedOnEachOther());
      const results = await Promise.allSettled(
        pairs.flatMap(({ people }) =>
          people.map((p) =>
            deleteAccount(t.db, { userId: p.id, password: "", mode, ip: "192.0.2.9" }),
          ),
        ),
      );
      expect(results.filter((r) => r.status === "rejected")).toEqual([]);
      for (const { third } of pairs) {
        const row = await t.db
          .selectFrom("summaries")
          .select("score")
          .where("id", "=", third)
          .executeTakeFirstOrThrow();
        expect(row.score).toBe(0);
      }
    });
  }
});
