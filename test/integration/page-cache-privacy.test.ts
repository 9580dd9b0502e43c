import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addComment } from "../../src/comments/comments.service";
import type { CurrentUser } from "../../src/core/current-user";
import { readContentVersion, readTagsSince } from "../../src/db/content-version";
import { deleteSummary, restoreSummary } from "../../src/summaries/summary-lifecycle.service";
import { restoreRevision } from "../../src/summaries/summary-restore.service";
import { saveSummary } from "../../src/summaries/summary-write.service";
import { voteOnSummary } from "../../src/votes/votes.service";
import { makeAccount, makePaper, makeSummary, makeUser } from "../helpers/factories";
import { createTestApp, type TestApp, testRender } from "../helpers/test-app";

// Cache tags and privacy (issue 12 review): a summary made private must leave every cached page
// that showed it, its commenters' comments tabs included; and a write to an anonymous summary
// must not drop its author's profile (the miss would time-stamp who wrote it), nor a write to
// a private one its paper or the home page. SQLite, or PostgreSQL with TEST_DATABASE_URL.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const SRC = "A summary long enough to publish, saying what the paper does and how. ".repeat(8);

async function author(): Promise<CurrentUser> {
  const a = await makeAccount(t.db);
  return {
    ...a,
    displayName: a.username,
    role: "user",
    emailVerified: true,
    sessionId: 0,
    csrfToken: "",
  };
}

/** Fetches `path` through the page cache; `hit` says whether the cache answered it. */
async function fetchCounted(path: string): Promise<{ html: string; hit: boolean }> {
  const before = t.pageCache.stats();
  const res = await t.get(path);
  expect(res.status, path).toBe(200);
  const html = await res.text();
  const after = t.pageCache.stats();
  expect(after.hits + after.misses, path).toBe(before.hits + before.misses + 1);
  return { html, hit: after.hits === before.hits + 1 };
}

/** The tags the writes in `write` stamped. */
async function stampedBy(write: () => Promise<unknown>): Promise<Set<string>> {
  const v = await readContentVersion(t.db);
  await write();
  return new Set((await readTagsSince(t.db, v, 1000)).map((s) => s.tag));
}

async function summaryWithComment(over: { isAnonymous?: boolean } = {}) {
  const alice = await author();
  const bob = await makeUser(t.db);
  const title = `Privacy paper ${alice.id}`;
  const paper = { ...(await makePaper(t.db, { title })), title };
  const summaryId = await makeSummary(t.db, paper.id, alice.id, { source: SRC, ...over });
  const marker = `BOBSAYS${summaryId}`;
  await addComment(t.db, testRender, { summaryId, userId: bob.id, source: `${marker} it works` });
  const save = (state: { isPrivate: boolean; isAnonymous: boolean }) =>
    saveSummary(t.db, testRender, alice, { paperId: paper.id, source: SRC, ...state });
  return { alice, bob, paper, summaryId, marker, save, tab: `/user/${bob.username}/comments` };
}

describe("page cache and summary privacy", () => {
  it("a summary made private leaves its commenters' comments tabs, and comes back when public", async () => {
    const s = await summaryWithComment();
    expect((await fetchCounted(s.tab)).html).toContain(s.marker);
    expect((await fetchCounted(s.tab)).hit).toBe(true);

    await s.save({ isPrivate: true, isAnonymous: false });
    const hidden = await fetchCounted(s.tab);
    expect(hidden.hit).toBe(false);
    expect(hidden.html).not.toContain(s.marker);
    expect((await fetchCounted(s.tab)).hit).toBe(true);

    await s.save({ isPrivate: false, isAnonymous: false });
    const back = await fetchCounted(s.tab);
    expect(back.hit).toBe(false);
    expect(back.html).toContain(s.marker);
  });

  it("a summary deleted and restored leaves and rejoins its commenters' comments tabs", async () => {
    const s = await summaryWithComment();
    expect((await fetchCounted(s.tab)).html).toContain(s.marker);
    await deleteSummary(t.db, s.alice, s.summaryId);
    expect((await fetchCounted(s.tab)).html).not.toContain(s.marker);
    await restoreSummary(t.db, s.alice, s.summaryId);
    expect((await fetchCounted(s.tab)).html).toContain(s.marker);
  });

  it("a vote or a comment on an anonymous summary keeps its author's profile cached", async () => {
    const s = await summaryWithComment({ isAnonymous: true });
    const profile = `/user/${s.alice.username}`;
    const paperPath = `/paper/arxiv/${s.paper.arxiv}`;
    const carol = await makeUser(t.db);
    const carolTab = `/user/${carol.username}/comments`;
    for (const path of [profile, paperPath, carolTab]) await fetchCounted(path);

    const voter = await makeUser(t.db);
    const voted = await stampedBy(() =>
      voteOnSummary(t.db, { summaryId: s.summaryId, userId: voter.id, value: 1 }),
    );
    expect(voted.has(`user:${s.alice.id}`)).toBe(false);
    expect(voted.has(`paper:${s.paper.id}`)).toBe(true);
    expect((await fetchCounted(profile)).hit).toBe(true);
    expect((await fetchCounted(paperPath)).hit).toBe(false);

    const commented = await stampedBy(() =>
      addComment(t.db, testRender, { summaryId: s.summaryId, userId: carol.id, source: "CAROL" }),
    );
    expect(commented.has(`user:${s.alice.id}`)).toBe(false);
    expect((await fetchCounted(profile)).hit).toBe(true);
    // The commenter's own tab shows the comment: it drops.
    const tab = await fetchCounted(carolTab);
    expect(tab.hit).toBe(false);
    expect(tab.html).toContain("CAROL");
  });

  it("signing or unsigning a summary drops its author's profile both ways", async () => {
    const s = await summaryWithComment({ isAnonymous: true });
    const profile = `/user/${s.alice.username}`;
    const paperPath = `/paper/arxiv/${s.paper.arxiv}`;
    expect((await fetchCounted(profile)).html).not.toContain(s.paper.title);

    await s.save({ isPrivate: false, isAnonymous: false });
    const signed = await fetchCounted(profile);
    expect(signed.hit).toBe(false);
    expect(signed.html).toContain(s.paper.title);
    expect((await fetchCounted(paperPath)).html).toContain(s.alice.username);

    await s.save({ isPrivate: false, isAnonymous: true });
    const unsigned = await fetchCounted(profile);
    expect(unsigned.hit).toBe(false);
    expect(unsigned.html).not.toContain(s.paper.title);
  });

  it("a write to a private summary stamps its own page only", async () => {
    const s = await summaryWithComment();
    await s.save({ isPrivate: true, isAnonymous: false });
    const paperPath = `/paper/arxiv/${s.paper.arxiv}`;
    const profile = `/user/${s.alice.username}`;
    for (const path of [paperPath, profile, "/"]) await fetchCounted(path);

    const edited = await stampedBy(() => s.save({ isPrivate: true, isAnonymous: true }));
    expect([...edited]).toEqual([`summary:${s.summaryId}`]);
    const revision = await t.db
      .selectFrom("summary_revisions")
      .select("id")
      .where("summary_id", "=", s.summaryId)
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const restored = await stampedBy(() =>
      restoreRevision(t.db, testRender, s.alice, s.summaryId, revision.id),
    );
    expect([...restored]).toEqual([`summary:${s.summaryId}`]);
    for (const path of [paperPath, profile, "/"]) {
      expect((await fetchCounted(path)).hit, path).toBe(true);
    }
  });

  it("parallel votes on an anonymous summary never stamp its author", async () => {
    const s = await summaryWithComment({ isAnonymous: true });
    const voters = await Promise.all([1, 2, 3, 4, 5, 6].map(() => makeUser(t.db)));
    const stamped = await stampedBy(() =>
      Promise.all(
        voters.map((v, i) =>
          voteOnSummary(t.db, { summaryId: s.summaryId, userId: v.id, value: i % 2 ? 1 : -1 }),
        ),
      ),
    );
    expect(stamped.has(`summary:${s.summaryId}`)).toBe(true);
    expect(stamped.has(`user:${s.alice.id}`)).toBe(false);
  });
});
