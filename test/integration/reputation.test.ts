// Reputation ("SciScore", issue 10 point 9) and the /users leaderboard: which votes and
// summaries count, the clock moved through the votes' times, the order, the pages and the
// page cache. On SQLite, and on PostgreSQL with TEST_DATABASE_URL.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LEADERBOARD_PAGE_SIZE, REPUTATION_VOTE_MIN_AGE_MS } from "../../src/core/limits";
import { getReputation } from "../../src/users/reputation.service";
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

const iso = (ms: number) => new Date(ms).toISOString();
const DAY2 = REPUTATION_VOTE_MIN_AGE_MS;

async function summaryBy(userId: number, over: Parameters<typeof makeSummary>[3] = {}) {
  const paper = await makePaper(t.db);
  return makeSummary(t.db, paper.id, userId, over);
}

async function vote(summaryId: number, value: 1 | -1, at: number) {
  const voter = await makeUser(t.db);
  await voteOnSummary(t.db, { summaryId, userId: voter.id, value, at: iso(at) });
}

describe("reputation", () => {
  it("counts each vote once it is two days old, as the clock moves through the votes", async () => {
    const author = await makeUser(t.db);
    const t0 = Date.parse("2024-03-01T12:00:00.000Z");
    const a = await summaryBy(author.id);
    const b = await summaryBy(author.id);
    const c = await summaryBy(author.id);
    await summaryBy(author.id); // never voted on: not counted, so it doesn't pull the average down
    await vote(a, 1, t0);
    await vote(b, 1, t0 + 60_000);
    await vote(c, -1, t0 + 120_000);
    await vote(c, 1, t0 + 180_000);
    const at = (ms: number) => getReputation(t.db, author.id, ms);
    expect(await at(t0 + DAY2)).toBe(0); // exactly two days old: not older than two days
    expect(await at(t0 + DAY2 + 1)).toBe(1); // a: +1 over one summary
    expect(await at(t0 + DAY2 + 60_000)).toBe(1);
    expect(await at(t0 + DAY2 + 60_001)).toBe(1); // a, b: (1 + 1) / 2
    expect(await at(t0 + DAY2 + 120_001)).toBe(0.333); // a, b, c: (1 + 1 - 1) / 3
    expect(await at(t0 + DAY2 + 180_001)).toBe(0.667); // c's net is 0 now: (1 + 1 + 0) / 3
    expect(await at(t0 + DAY2 + 10 * DAY2)).toBe(0.667);
  });

  it("leaves out private and anonymous summaries, and votes under two days old, on the profile", async () => {
    const author = await makeUser(t.db, { username: "repauthor" });
    const now = Date.now();
    const x = await summaryBy(author.id);
    const y = await summaryBy(author.id);
    const hidden = await summaryBy(author.id, { isPrivate: true });
    const anon = await summaryBy(author.id, { isAnonymous: true });
    await vote(x, 1, now - DAY2 - 60_000); // just over two days: counts
    await vote(x, 1, now - DAY2 + 60_000); // just under: not yet
    await vote(y, -1, now - DAY2 + 60_000); // y's only vote is too young: y not counted
    // Old votes that would change the figure if these summaries counted.
    await t.db
      .insertInto("votes")
      .values([
        { summary_id: hidden, user_id: (await makeUser(t.db)).id, value: -1, created_at: iso(0) },
        { summary_id: anon, user_id: (await makeUser(t.db)).id, value: -1, created_at: iso(0) },
      ])
      .execute();
    expect(await getReputation(t.db, author.id)).toBe(1);
    const page = await t.html("/user/repauthor");
    expect(page).toContain("reputation 1<");
    // Two days later the young votes count too: x is +2, y is -1.
    expect(await getReputation(t.db, author.id, now + DAY2)).toBe(0.5);
  });
});

describe("the /users leaderboard", () => {
  it("ranks users by reputation over pages, leaves out who has none, and is cached", async () => {
    // A fresh app: only this test's users have reputations.
    const app = await createTestApp();
    try {
      const old = Date.now() - DAY2 - 3_600_000;
      const voters = await Promise.all([1, 2, 3, 4].map(() => makeUser(app.db)));
      const expected: { id: number; username: string; rep: number; n: number }[] = [];
      const n = LEADERBOARD_PAGE_SIZE + 5;
      for (let i = 0; i < n; i++) {
        const user = await makeUser(app.db, { username: `leader${String(i).padStart(3, "0")}` });
        const summaries = i % 7 === 0 ? 2 : 1;
        const nets: number[] = [];
        for (let k = 0; k < summaries; k++) {
          const paper = await makePaper(app.db);
          const id = await makeSummary(app.db, paper.id, user.id);
          // nets from -1 to 3: up votes from (i % 4) voters, and a down vote on every third
          const ups = (i + k) % 4;
          const down = i % 3 === 0 ? 1 : 0;
          for (let v = 0; v < ups; v++) {
            await voteOnSummary(app.db, {
              summaryId: id,
              userId: voters[v]?.id ?? 0,
              value: 1,
              at: new Date(old).toISOString(),
            });
          }
          if (down || ups === 0) {
            await voteOnSummary(app.db, {
              summaryId: id,
              userId: voters[3]?.id ?? 0,
              value: -1,
              at: new Date(old).toISOString(),
            });
          }
          nets.push(ups - (down || ups === 0 ? 1 : 0));
        }
        const total = nets.reduce((s, x) => s + x, 0);
        expected.push({
          id: user.id,
          username: user.username,
          rep: total / summaries,
          n: summaries,
        });
      }
      // Not listed: no votes, only young votes, only a private summary, banned, deleted.
      const quiet = await makeUser(app.db, { username: "quietuser" });
      await makeSummary(app.db, (await makePaper(app.db)).id, quiet.id);
      const young = await makeUser(app.db, { username: "younguser" });
      const youngId = await makeSummary(app.db, (await makePaper(app.db)).id, young.id);
      await voteOnSummary(app.db, { summaryId: youngId, userId: voters[0]?.id ?? 0, value: 1 });
      const secret = await makeUser(app.db, { username: "secretuser" });
      const secretId = await makeSummary(app.db, (await makePaper(app.db)).id, secret.id, {
        isPrivate: true,
      });
      await app.db
        .insertInto("votes")
        .values({ summary_id: secretId, user_id: voters[0]?.id ?? 0, value: 1, created_at: iso(0) })
        .execute();
      for (const name of ["banneduser", "deleteduser"]) {
        const u = await makeUser(app.db, { username: name });
        const sid = await makeSummary(app.db, (await makePaper(app.db)).id, u.id);
        await voteOnSummary(app.db, {
          summaryId: sid,
          userId: voters[0]?.id ?? 0,
          value: 1,
          at: iso(old),
        });
        const column = name === "banneduser" ? "banned_at" : "deleted_at";
        await app.db
          .updateTable("users")
          .set({ [column]: iso(Date.now()) })
          .where("id", "=", u.id)
          .execute();
      }

      expected.sort((p, q) => q.rep - p.rep || q.n - p.n || p.id - q.id);
      const rowsOf = (html: string) =>
        [
          ...html.matchAll(
            /<tr><td>(\d+)<\/td><td><a href="\/user\/([^"]+)">[^<]*<\/a><\/td><td>([^<]+)<\/td>/g,
          ),
        ].map((m) => ({ rank: Number(m[1]), username: m[2], rep: Number(m[3]) }));
      const first = await app.get("/users");
      expect(first.status).toBe(200);
      const page1 = rowsOf(await first.text());
      const page2 = rowsOf(await (await app.get("/users?page=2")).text());
      expect(page1).toHaveLength(LEADERBOARD_PAGE_SIZE);
      expect(page2).toHaveLength(5);
      const shown = [...page1, ...page2];
      expect(shown.map((r) => r.username)).toEqual(expected.map((e) => e.username));
      expect(shown.map((r) => r.rank)).toEqual(expected.map((_, i) => i + 1));
      expect(shown.map((r) => r.rep)).toEqual(expected.map((e) => Math.round(e.rep * 1000) / 1000));
      expect((await app.get("/users?page=3")).status).toBe(404);
      expect((await app.get("/users?page=x")).status).toBe(400);

      // Anonymous readers share cached copies: ?page=02 is page 2, ?v=1 adds no entry.
      const before = app.pageCache.stats().entries;
      expect(before).toBeGreaterThanOrEqual(2);
      await app.get("/users?page=02");
      await app.get("/users?v=1");
      expect(app.pageCache.stats().entries).toBe(before);
      expect((await app.get("/users")).headers.get("Cache-Control")).toBe("public, no-cache");
    } finally {
      await app.close();
    }
  }, 60_000);
});
