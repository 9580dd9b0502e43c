import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createApp } from "../../src/app";
import { REPUTATION_VOTE_MIN_AGE_MS } from "../../src/core/limits";
import { voteOnSummary } from "../../src/votes/votes.service";
import { makePaper, makeSummary, makeUser } from "../helpers/factories";
import { createTestApp, type TestApp } from "../helpers/test-app";

// Pages that go out of date with time alone (issue 12 review): a reputation counts only votes
// older than two days, so a profile changes when a vote crosses that age, with no write to
// stamp its tags. The page says until when it is current (x-shortscience-expires, never sent
// out) and the cache answers from it only until then. SQLite, or PostgreSQL with
// TEST_DATABASE_URL.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});
afterEach(() => {
  vi.useRealTimers();
});

const DAY2 = REPUTATION_VOTE_MIN_AGE_MS;
const EXPIRES = "x-shortscience-expires";
const iso = (ms: number) => new Date(ms).toISOString();

async function votedAuthor(voteTimes: number[], over: { isAnonymous?: boolean } = {}) {
  const author = await makeUser(t.db);
  const paper = await makePaper(t.db);
  const summaryId = await makeSummary(t.db, paper.id, author.id, over);
  for (const at of voteTimes) {
    const voter = await makeUser(t.db);
    await voteOnSummary(t.db, { summaryId, userId: voter.id, value: 1, at: iso(at) });
  }
  return { author, profile: `/user/${author.username}` };
}

/** The page as the app renders it, before the cache strips its internal headers. */
async function rendered(path: string): Promise<Response> {
  const res = await t.app.fetch(new Request(`http://localhost${path}`));
  expect(res.status, path).toBe(200);
  return res;
}

describe("pages current until a moment", () => {
  it("a profile is current until its oldest uncounted vote turns two days old", async () => {
    const now = Date.now();
    const first = now - DAY2 + 60_000;
    const { profile } = await votedAuthor([now - DAY2 - 1_000, first, now - 5_000]);
    const until = first + DAY2 + 1;
    for (const path of [profile, `${profile}/comments`]) {
      expect((await rendered(path)).headers.get(EXPIRES), path).toBe(String(until));
      // The header is for the cache alone.
      const sent = await t.get(path);
      expect(sent.headers.has(EXPIRES), path).toBe(false);
    }
    // The leaderboard moves with every reputation: current until the earliest such moment.
    const board = Number((await rendered("/users")).headers.get(EXPIRES));
    expect(board).toBeGreaterThan(now);
    expect(board).toBeLessThanOrEqual(until);
  });

  it("a profile with no recent vote, or only on anonymous summaries, has no such moment", async () => {
    const old = await votedAuthor([Date.now() - DAY2 - 60_000]);
    expect((await rendered(old.profile)).headers.has(EXPIRES)).toBe(false);
    // Anonymous summaries never count: their votes must not move, or time, the profile.
    const anon = await votedAuthor([Date.now()], { isAnonymous: true });
    expect((await rendered(anon.profile)).headers.has(EXPIRES)).toBe(false);
  });

  it("the cache answers from a profile until that moment, then renders it again", async () => {
    const start = Date.now();
    const first = start - DAY2 + 60_000;
    const { profile } = await votedAuthor([first]);
    const until = first + DAY2 + 1;
    let time = start;
    const app = createApp(t.deps, { now: () => time });
    const fetchCounted = async () => {
      const before = app.pageCache.stats().misses;
      const res = await app.fetch(new Request(`http://localhost${profile}`));
      expect(res.status).toBe(200);
      expect(res.headers.has(EXPIRES)).toBe(false);
      await res.arrayBuffer();
      return app.pageCache.stats().misses === before ? "hit" : "miss";
    };
    expect(await fetchCounted()).toBe("miss");
    expect(await fetchCounted()).toBe("hit");
    time = until - 1;
    expect(await fetchCounted()).toBe("hit");
    time = until;
    expect(await fetchCounted()).toBe("miss");
    await app.close();
  });

  it("a cached profile and leaderboard show the reputation votes aged into", async () => {
    const { author, profile } = await votedAuthor([Date.now(), Date.now(), Date.now()]);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now());
    // The cache reads the clock the pages read, faked here.
    const app = createApp(t.deps, { now: () => Date.now() });
    const html = async (path: string) => {
      const res = await app.fetch(new Request(`http://localhost${path}`));
      expect(res.status, path).toBe(200);
      return res.text();
    };
    expect(await html(profile)).toContain("reputation 0<");
    expect(await html("/users")).not.toContain(`/user/${author.username}"`);
    expect(await html(profile)).toContain("reputation 0<");
    expect(app.pageCache.stats().hits).toBeGreaterThan(0);

    vi.setSystemTime(Date.now() + DAY2 + 60_000);
    // Three upvotes on one counted summary: an average net vote of 3.
    expect(await html(profile)).toContain("reputation 3<");
    expect(await html("/users")).toContain(`/user/${author.username}"`);
    await app.close();
  });
});
