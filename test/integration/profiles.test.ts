// Profile tabs (summaries, comments, the owner's private tab) and /random (issue 10 point 9),
// on SQLite and, with TEST_DATABASE_URL, PostgreSQL.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addComment } from "../../src/comments/comments.service";
import { PROFILE_COMMENTS_PAGE_SIZE, PROFILE_SUMMARIES_PAGE_SIZE } from "../../src/core/limits";
import { makePaper, makeSummary, makeUser } from "../helpers/factories";
import { logInNewAccount } from "../helpers/logged-in";
import { sessionClient } from "../helpers/sessions";
import { createTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe("/random", () => {
  it("is the 404 page while there is no public summary", async () => {
    const author = await makeUser(t.db);
    await makeSummary(t.db, (await makePaper(t.db)).id, author.id, { isPrivate: true });
    const res = await t.get("/random");
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("There are no public summaries yet.");
  });

  it("redirects to a public summary's permalink, never a private one, and is never cached", async () => {
    const author = await makeUser(t.db, { displayName: "Hidden Hand" });
    const publicIds = new Set<number>();
    const privateIds = new Set<number>();
    for (let i = 0; i < 4; i++) {
      const paper = await makePaper(t.db);
      publicIds.add(await makeSummary(t.db, paper.id, author.id, { isAnonymous: i === 0 }));
      const other = await makeUser(t.db);
      privateIds.add(await makeSummary(t.db, paper.id, other.id, { isPrivate: true }));
    }
    const seen = new Set<number>();
    const results = await Promise.all(Array.from({ length: 200 }, () => t.get("/random")));
    for (const res of results) {
      expect(res.status).toBe(302);
      expect(res.headers.get("Cache-Control")).toBe("private, no-store");
      const m = /^\/summary\/(\d+)$/.exec(res.headers.get("Location") ?? "");
      expect(m).not.toBeNull();
      const id = Number(m?.[1]);
      expect(privateIds.has(id)).toBe(false);
      expect(publicIds.has(id)).toBe(true);
      seen.add(id);
    }
    // Random, not always the same one: 200 draws from 4 miss one with odds of 4·(3/4)^200.
    expect(seen.size).toBe(publicIds.size);
    expect(t.pageCache.stats().entries).toBe(0);
  });
});

describe("profile tabs", () => {
  it("list the user's comments on public summaries only, newest first, a page at a time", async () => {
    const writer = await makeUser(t.db);
    const commenter = await makeUser(t.db, { username: "chatty", displayName: "Chatty Person" });
    const paper = await makePaper(t.db, { title: "The Commented Paper" });
    const open = await makeSummary(t.db, paper.id, writer.id);
    const laterPrivate = await makeSummary(t.db, (await makePaper(t.db)).id, writer.id);
    const base = Date.parse("2024-01-01T00:00:00.000Z");
    const ids: number[] = [];
    for (let i = 0; i < PROFILE_COMMENTS_PAGE_SIZE + 1; i++) {
      ids.push(
        await addComment(t.db, t.render, {
          summaryId: open,
          userId: commenter.id,
          source: `Comment number ${i} with $x_${i}$.`,
          at: new Date(base + i * 60_000).toISOString(),
        }),
      );
    }
    await addComment(t.db, t.render, {
      summaryId: laterPrivate,
      userId: commenter.id,
      source: "secretdiscussionmark",
      at: new Date(base + 3_600_000).toISOString(),
    });
    await t.db
      .updateTable("summaries")
      .set({ is_private: 1 })
      .where("id", "=", laterPrivate)
      .execute();

    const first = await t.html("/user/chatty/comments");
    expect(first).toContain('aria-current="page">Comments<');
    expect(first).toContain("The Commented Paper");
    expect(first).not.toContain("secretdiscussionmark");
    const order = [...first.matchAll(/<li class="comment" id="comment-(\d+)"/g)].map((m) =>
      Number(m[1]),
    );
    expect(order).toEqual(ids.slice().reverse().slice(0, PROFILE_COMMENTS_PAGE_SIZE));
    expect(first).toContain(`href="/summary/${open}#comment-${ids.at(-1)}"`);
    expect(first).toContain('rel="next" href="/user/chatty/comments?page=2"');
    const second = await t.html("/user/chatty/comments?page=2");
    expect(second).toContain(`id="comment-${ids[0]}"`);
    expect(second).not.toContain("secretdiscussionmark");
    expect((await t.get("/user/chatty/comments?page=3")).status).toBe(404);
    expect((await t.get("/user/Chatty/comments")).headers.get("Location")).toBe(
      "/user/chatty/comments",
    );
    // The summaries tab is the other one; the commenter wrote none.
    const summaries = await t.html("/user/chatty");
    expect(summaries).toContain('aria-current="page">Summaries<');
    expect(summaries).toContain("No public summaries yet");
    // Cached for anonymous readers, under the page number it reads only.
    const before = t.pageCache.stats().entries;
    await t.get("/user/chatty/comments?page=02");
    await t.get("/user/chatty/comments?utm=1");
    expect(t.pageCache.stats().entries).toBe(before);
  });

  it("list the user's public signed summaries a page at a time, best first, each once", async () => {
    const writer = await makeUser(t.db, { username: "prolific", displayName: "Prolific Writer" });
    const listed: { id: number; score: number }[] = [];
    for (let i = 0; i < 2 * PROFILE_SUMMARIES_PAGE_SIZE + 3; i++) {
      const id = await makeSummary(t.db, (await makePaper(t.db)).id, writer.id);
      // Four scores for 43 summaries: ties, broken by the newest id.
      const score = (i * 7) % 4;
      await t.db.updateTable("summaries").set({ score }).where("id", "=", id).execute();
      listed.push({ id, score });
    }
    const unlisted = [
      await makeSummary(t.db, (await makePaper(t.db)).id, writer.id, { isPrivate: true }),
      await makeSummary(t.db, (await makePaper(t.db)).id, writer.id, { isAnonymous: true }),
      await makeSummary(t.db, (await makePaper(t.db)).id, writer.id),
      await makeSummary(t.db, (await makePaper(t.db)).id, writer.id),
    ];
    // Deleted, and hidden by a moderator: with the best scores, still on no page.
    const at = new Date().toISOString();
    await t.db
      .updateTable("summaries")
      .set({ score: 99, deleted_at: at })
      .where("id", "=", unlisted[2] ?? 0)
      .execute();
    await t.db
      .updateTable("summaries")
      .set({ score: 99, hidden_at: at })
      .where("id", "=", unlisted[3] ?? 0)
      .execute();
    const expected = listed.sort((a, b) => b.score - a.score || b.id - a.id).map((r) => r.id);
    const cardIds = (html: string) => [
      ...new Set([...html.matchAll(/href="\/summary\/(\d+)"/g)].map((m) => Number(m[1]))),
    ];

    const stored = t.pageCache.stats().entries;
    const pages = [
      await t.html("/user/prolific"),
      await t.html("/user/prolific?page=2"),
      await t.html("/user/prolific?page=3"),
    ];
    expect(pages.flatMap(cardIds)).toEqual(expected);
    expect(pages.map((html) => cardIds(html).length)).toEqual([
      PROFILE_SUMMARIES_PAGE_SIZE,
      PROFILE_SUMMARIES_PAGE_SIZE,
      3,
    ]);
    for (const html of pages) {
      expect(html).toContain(`<h2>${expected.length} summaries</h2>`);
      for (const id of unlisted) expect(html).not.toContain(`href="/summary/${id}"`);
    }
    expect(pages[0]).toContain('rel="next" href="/user/prolific?page=2"');
    expect(pages[0]).toContain('<link rel="canonical" href="/user/prolific"/>');
    expect(pages[1]).toContain('<link rel="canonical" href="/user/prolific?page=2"/>');
    expect(pages[2]).not.toContain('rel="next"');
    expect((await t.get("/user/prolific?page=4")).status).toBe(404);
    expect((await t.get("/user/prolific?page=0")).status).toBe(400);
    expect((await t.get("/user/Prolific?page=2")).headers.get("Location")).toBe(
      "/user/prolific?page=2",
    );
    // Each page is cached for anonymous readers under its number, and only under it.
    const before = t.pageCache.stats().entries;
    expect(before).toBe(stored + pages.length);
    expect(cardIds(await t.html("/user/prolific?page=02"))).toEqual(cardIds(pages[1] ?? ""));
    await t.get("/user/prolific?page=1");
    await t.get("/user/prolific?utm=1");
    expect(t.pageCache.stats().entries).toBe(before);
  });

  it("offer the export links to their owner only", async () => {
    const { client, account } = await sessionClient(t);
    const own = await (await client.get(`/user/${account.username}`)).text();
    expect(own).toContain(`href="/user/${account.username}/export.csv"`);
    expect(own).toContain(`href="/user/${account.username}/export.zip"`);
    const { client: other } = await sessionClient(t);
    const theirs = await (await other.get(`/user/${account.username}`)).text();
    expect(theirs).not.toContain("export.csv");
    expect(await t.html(`/user/${account.username}`)).not.toContain("export.csv");
  });
});

// The owner's "Private and anonymous" tab shows each summary whole, so it is read a page at a
// time: an account with hundreds (an import of the original site's) would be one huge page.
describe("the owner's private tab, a page at a time", () => {
  it("shows 20 summaries a page, newest change first, each once; deleted ones on the first", async () => {
    const { acct, client } = await logInNewAccount(t);
    const ids: number[] = [];
    for (let i = 0; i < PROFILE_SUMMARIES_PAGE_SIZE + 3; i++) {
      const paper = await makePaper(t.db);
      ids.push(
        await makeSummary(t.db, paper.id, acct.id, {
          isPrivate: i % 2 === 0,
          isAnonymous: i % 2 === 1,
        }),
      );
    }
    const listed = await makeSummary(t.db, (await makePaper(t.db)).id, acct.id);
    const gone = await makeSummary(t.db, (await makePaper(t.db)).id, acct.id, { isPrivate: true });
    await t.db
      .updateTable("summaries")
      .set({ deleted_at: new Date().toISOString() })
      .where("id", "=", gone)
      .execute();
    const tab = `/user/${acct.username}/private`;
    const shown = (html: string) =>
      [...html.matchAll(/href="\/summary\/(\d+)\/history"/g)].map((m) => Number(m[1]));
    const first = await (await client.get(tab)).text();
    const second = await (await client.get(`${tab}?page=2`)).text();
    expect([...shown(first), ...shown(second)]).toEqual(ids.slice().reverse());
    expect(shown(first)).toHaveLength(PROFILE_SUMMARIES_PAGE_SIZE);
    for (const html of [first, second]) {
      expect(html).toContain(`${ids.length} private or anonymous summaries`);
      expect(html).not.toContain(`href="/summary/${listed}/history"`);
    }
    expect(first).toContain(`rel="next" href="${tab}?page=2"`);
    expect(first).toContain(`action="/summary/${gone}/restore"`);
    expect(second).not.toContain("Deleted summaries");
    expect((await client.get(`${tab}?page=3`)).status).toBe(404);
    const { client: other } = await logInNewAccount(t);
    expect((await other.get(`${tab}?page=2`)).status).toBe(404);
  });
});
