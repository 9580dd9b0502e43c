import type { KyselyPlugin } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, createApp } from "../../src/app";
import { NOTIFICATIONS_BADGE_MAX, SOCIAL_DESCRIPTION_CHARS } from "../../src/core/limits";
import { nowIso } from "../../src/core/time";
import { excerpt, plainTextOfHtml } from "../../src/ui/plain-text";
import { createClient, type TestClient } from "../helpers/client";
import { makePaper, makeSummary, makeUser } from "../helpers/factories";
import { sessionClient } from "../helpers/sessions";
import { createTestApp, type TestApp } from "../helpers/test-app";

// Issue 12, point 1: a logged-in reader's paper and summary pages, which miss the page cache,
// are built from stored bytes (core/html-slots.ts), compiled-once queries and one query per
// page section. They must show exactly what they showed before, on SQLite and PostgreSQL.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const storedHtml = async (id: number) =>
  (await t.db.selectFrom("summaries").select("html").where("id", "=", id).executeTakeFirstOrThrow())
    .html;

/** A paper with summaries whose HTML holds math, accents and characters outside the BMP. */
async function paperWithSummaries(count: number, authorId: number) {
  const paper = await makePaper(t.db, { title: `Bytes paper ${count}` });
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    ids.push(
      // One summary per author and paper: the first is `authorId`'s, the others new users'.
      await makeSummary(t.db, paper.id, i === 0 ? authorId : (await makeUser(t.db)).id, {
        source: `Summary ${i}: café, naïve, 𝔼 and 🙂, with $\\sum_{k=1}^{n} k^2$ and\n\n$$\\int_0^1 x\\,dx$$\n\n${"More text. ".repeat(40)}`,
      }),
    );
  }
  return { paper, ids, path: `/paper/arxiv/${paper.arxiv}` };
}

describe("logged-in reading pages from stored bytes", () => {
  it("carry each summary's stored HTML byte for byte, with the right length and no marker", async () => {
    const reader = await sessionClient(t);
    const { ids, path } = await paperWithSummaries(3, reader.account.id);
    for (const page of [path, `/summary/${ids[0]}`]) {
      const res = await reader.client.get(page);
      expect(res.status).toBe(200);
      const bytes = Buffer.from(await res.arrayBuffer());
      const declared = res.headers.get("content-length");
      if (declared !== null) expect(Number(declared)).toBe(bytes.length);
      const html = bytes.toString("utf8");
      // Valid UTF-8 all through (a cut multi-byte character would decode to U+FFFD).
      expect(html).not.toContain("\uFFFD");
      expect(html).not.toContain("\u0000");
      for (const id of page === path ? ids : [ids[0] as number]) {
        expect(html).toContain(`<div class="prose">${await storedHtml(id)}</div>`);
      }
      expect(html).toContain(reader.account.username); // the header's account menu
    }
  });

  it("the anonymous page is the same bytes (and from the page cache the second time)", async () => {
    const reader = await sessionClient(t);
    const { path } = await paperWithSummaries(2, reader.account.id);
    const first = await (await t.get(path)).text();
    const second = await (await t.get(path)).text();
    expect(second).toBe(first);
    expect(first).not.toContain("\u0000");
  });

  it("previews a paper without abstract from its top summary's excerpt, as from its full text", async () => {
    const reader = await sessionClient(t);
    const { paper, ids, path } = await paperWithSummaries(1, reader.account.id);
    await t.db.updateTable("papers").set({ abstract: "" }).where("id", "=", paper.id).execute();
    const full = plainTextOfHtml(await storedHtml(ids[0] as number)).replace(/\s+/g, " ");
    const expected = excerpt(full, SOCIAL_DESCRIPTION_CHARS);
    const html = await (await reader.client.get(path)).text();
    const og = /<meta property="og:description" content="([^"]*)"/.exec(html)?.[1];
    expect(og).toBeDefined();
    expect(og?.replace(/&amp;/g, "&")).toBe(expected.replace(/&/g, "&"));
    expect(og).toContain("café");
  });

  it("makes no query per summary: 1 or 6 summaries, with comments, cost the same queries", async () => {
    const reader = await sessionClient(t);
    let queries = 0;
    const counting: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        queries++;
        return args.result;
      },
    };
    const app: App = createApp({ ...t.deps, db: t.db.withPlugin(counting) });
    const client: TestClient = createClient({ ...t, fetch: app.fetch });
    client.cookies.set("ss_session", reader.client.cookies.get("ss_session") as string);
    const counts: number[] = [];
    for (const n of [1, 6]) {
      const { ids, path } = await paperWithSummaries(n, reader.account.id);
      for (const id of ids) {
        const res = await reader.client.post(`/summary/${id}/comments`, { source: "A comment." });
        expect(res.status).toBe(303);
      }
      await client.get(path); // the page view counter's first write happens once per day
      queries = 0;
      expect((await client.get(path)).status).toBe(200);
      counts.push(queries);
    }
    expect(counts[0]).toBeGreaterThanOrEqual(5); // the plugin sees every query
    expect(counts[1]).toBe(counts[0]);
    await app.close();
  });
});

describe("the header's unread count on reading pages", () => {
  const badge = (html: string) => /Notifications <span class="badge">(\d+)<\/span>/.exec(html)?.[1];

  it("counts a comment as it arrives, and nothing once read", async () => {
    const author = await sessionClient(t);
    const other = await sessionClient(t);
    const { ids, path } = await paperWithSummaries(1, author.account.id);
    const id = ids[0] as number;
    expect(badge(await (await author.client.get(path)).text())).toBeUndefined();

    await other.client.post(`/summary/${id}/comments`, { source: "First." });
    expect(badge(await (await author.client.get(path)).text())).toBe("1");
    expect(badge(await (await author.client.get(`/summary/${id}`)).text())).toBe("1");

    await other.client.post(`/summary/${id}/comments`, { source: "Second." });
    expect(badge(await (await author.client.get(path)).text())).toBe("2");

    expect((await author.client.get("/notifications")).status).toBe(200);
    expect(badge(await (await author.client.get(path)).text())).toBeUndefined();

    await other.client.post(`/summary/${id}/comments`, { source: "Third." });
    expect(badge(await (await author.client.get(path)).text())).toBe("1");
    // The commenter's own count is untouched by their own comments.
    expect(badge(await (await other.client.get(path)).text())).toBeUndefined();
  });

  it("counts up to NOTIFICATIONS_BADGE_MAX exactly, then says so with a plus", async () => {
    const author = await sessionClient(t);
    const { ids, path } = await paperWithSummaries(1, author.account.id);
    const add = async (n: number) => {
      const at = nowIso();
      const rows = Array.from({ length: n }, () => ({
        user_id: author.account.id,
        kind: "comment",
        summary_id: ids[0] as number,
        comment_id: null,
        actor_id: null,
        count: 1,
        created_at: at,
        updated_at: at,
      }));
      await t.db.insertInto("notifications").values(rows).execute();
    };
    const shown = async () =>
      /<span class="badge">([^<]+)<\/span>/.exec(await (await author.client.get(path)).text())?.[1];
    await add(NOTIFICATIONS_BADGE_MAX);
    expect(await shown()).toBe(String(NOTIFICATIONS_BADGE_MAX));
    await add(1);
    expect(await shown()).toBe(`${NOTIFICATIONS_BADGE_MAX}+`);
    await add(200);
    expect(await shown()).toBe(`${NOTIFICATIONS_BADGE_MAX}+`);
  });
});
