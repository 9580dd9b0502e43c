import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureVenues } from "../../src/papers/venues.repo";
import type { TestClient } from "../helpers/client";
import { makeCountedVote, makePaper, makeSummary } from "../helpers/factories";
import { sessionClient } from "../helpers/sessions";
import { createTestApp, type TestApp } from "../helpers/test-app";

// Issue 10, point 8: "hidden content disappears from every listing, feed and count", and comes
// back as it was when unhidden. The database holds only this test's content, so /random and
// the leaderboard can only show what is made here.

let t: TestApp;
let mod: TestClient;
let author: { id: number; username: string };
let commenter: Awaited<ReturnType<typeof sessionClient>>;
let authorClient: TestClient;
let summaryId: number;
let commentId: number;
let arxiv: string;
const TEXT = "Hideable summary text";
const COMMENT = "Hideable comment text";
const VENUE = "hidevenue";
const PAPER = "A paper whose only summary gets hidden";

beforeAll(async () => {
  t = await createTestApp();
  const authorSession = await sessionClient(t);
  author = authorSession.account;
  authorClient = authorSession.client;
  const paper = await makePaper(t.db, { title: PAPER });
  arxiv = paper.arxiv;
  const venues = await ensureVenues(t.db, [{ key: VENUE, name: "Hide Venue" }]);
  await t.db
    .updateTable("papers")
    .set({ venue_id: venues.get(VENUE) ?? null })
    .where("id", "=", paper.id)
    .execute();
  summaryId = await makeSummary(t.db, paper.id, author.id, { source: TEXT });
  // An old vote, so the summary counts for the author's reputation on the leaderboard.
  await makeCountedVote(t.db, summaryId);
  commenter = await sessionClient(t);
  await commenter.client.post(`/summary/${summaryId}/comments`, { source: COMMENT });
  commentId = (
    await t.db
      .selectFrom("comments")
      .select("id")
      .where("summary_id", "=", summaryId)
      .executeTakeFirstOrThrow()
  ).id;
  const m = await sessionClient(t);
  await t.db
    .updateTable("users")
    .set({ role: "moderator" })
    .where("id", "=", m.account.id)
    .execute();
  mod = m.client;
  await mod.get("/moderation");
});
afterAll(async () => {
  await t.close();
});

const act = async (kind: string, id: number, action: string) => {
  const res = await mod.post(`/moderation/${kind}/${id}`, { action });
  expect(res.status).toBe(303);
};

/** The public pages (through the page cache, as an anonymous reader gets them). */
async function publicPages() {
  const text = async (path: string) => {
    const res = await t.get(path);
    return { status: res.status, html: res.status === 200 ? await res.text() : "" };
  };
  return {
    paper: await text(`/paper/arxiv/${arxiv}`),
    permalink: await text(`/summary/${summaryId}`),
    home: await text("/recent"),
    best: await text("/best"),
    profile: await text(`/user/${author.username}`),
    profileComments: await text(`/user/${commenter.account.username}/comments`),
    venue: await text(`/venue/${VENUE}`),
    venues: await text("/venues"),
    leaderboard: await text("/users"),
    random: (await t.get("/random")).status,
  };
}

const notificationsHtml = async () => (await authorClient.get("/notifications")).text();
const unreadBadge = async () =>
  /notifications-unread/.test(await (await authorClient.get("/settings")).text());

describe("hiding", () => {
  it("shows everything before", async () => {
    const p = await publicPages();
    expect(p.paper.html).toContain(TEXT);
    expect(p.paper.html).toContain(COMMENT);
    expect(p.permalink.html).toContain(COMMENT);
    expect(p.home.html).toContain(TEXT);
    expect(p.best.html).toContain(TEXT);
    expect(p.profile.html).toContain(TEXT);
    expect(p.profileComments.html).toContain(COMMENT);
    expect(p.venue.html).toContain(PAPER);
    expect(p.venues.html).toContain(`/venue/${VENUE}`);
    expect(p.leaderboard.html).toContain(`/user/${author.username}`);
    expect(p.random).toBe(302);
    expect(await unreadBadge()).toBe(true);
  });

  it("a hidden summary is gone from every page, list, count and feed; unhiding brings it back", async () => {
    await act("summary", summaryId, "hide");
    const p = await publicPages();
    expect(p.permalink.status).toBe(404);
    expect(p.paper.html).not.toContain(TEXT);
    expect(p.paper.html).not.toContain(COMMENT);
    expect(p.home.html).not.toContain(TEXT);
    expect(p.best.html).not.toContain(TEXT);
    expect(p.profile.html).not.toContain(TEXT);
    expect(p.profileComments.html).not.toContain(COMMENT);
    expect(p.venue.html).not.toContain(PAPER);
    expect(p.venues.html).not.toContain(`/venue/${VENUE}`);
    expect(p.leaderboard.html).not.toContain(`/user/${author.username}`);
    expect(p.random).toBe(404);
    // The author's notification about a comment on it is not shown, nor counted.
    expect(await unreadBadge()).toBe(false);
    expect(await notificationsHtml()).not.toContain(PAPER);

    await act("summary", summaryId, "unhide");
    const back = await publicPages();
    expect(back.permalink.html).toContain(TEXT);
    expect(back.paper.html).toContain(COMMENT);
    expect(back.home.html).toContain(TEXT);
    expect(back.profile.html).toContain(TEXT);
    expect(back.venue.html).toContain(PAPER);
    expect(back.leaderboard.html).toContain(`/user/${author.username}`);
    expect(back.random).toBe(302);
    expect(await unreadBadge()).toBe(true);
  });

  it("a hidden comment is gone from the thread, the counts and the profile's comments tab", async () => {
    const countBefore = await t.db
      .selectFrom("comments")
      .select("id")
      .where("summary_id", "=", summaryId)
      .execute();
    expect(countBefore).toHaveLength(1);
    expect((await publicPages()).profile.html).toContain("1 comment");
    await act("comment", commentId, "hide");
    const p = await publicPages();
    expect(p.permalink.html).toContain(TEXT);
    expect(p.permalink.html).not.toContain(COMMENT);
    expect(p.paper.html).not.toContain(COMMENT);
    expect(p.profileComments.html).not.toContain(COMMENT);
    expect(p.profile.html).not.toContain("1 comment");
    expect(await unreadBadge()).toBe(false);

    await act("comment", commentId, "unhide");
    const back = await publicPages();
    expect(back.permalink.html).toContain(COMMENT);
    expect(back.profileComments.html).toContain(COMMENT);
    expect(back.profile.html).toContain("1 comment");
    // Reading the notification still works once the comment is back.
    expect(await notificationsHtml()).toContain(PAPER);
  });
});
