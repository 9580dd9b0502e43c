// Profile tabs (summaries, comments) and /random (issue 10 point 9), on SQLite and, with
// TEST_DATABASE_URL, PostgreSQL.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addComment } from "../../src/comments/comments.service";
import { PROFILE_COMMENTS_PAGE_SIZE } from "../../src/core/limits";
import { makePaper, makeSummary, makeUser } from "../helpers/factories";
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
