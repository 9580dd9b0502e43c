import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, createApp } from "../../src/app";
import { addComment } from "../../src/comments/comments.service";
import { connect, type Db } from "../../src/db/connect";
import { readContentVersion, writeVisible } from "../../src/db/content-version";
import { voteOnSummary } from "../../src/votes/votes.service";
import { makePaper, makeSummary, makeUser } from "../helpers/factories";
import { createTestApp, type TestApp, testRender } from "../helpers/test-app";

// Precise invalidation (issue 12, point 2): a write drops only the pages showing what it
// changed. Real database (SQLite, or PostgreSQL with TEST_DATABASE_URL), the app's own cache.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const SCORE_0 = "Score </span>0<";
const SCORE_1 = "Score </span>+1<";

async function paperWithSummary() {
  const author = await makeUser(t.db);
  const paper = await makePaper(t.db);
  const summaryId = await makeSummary(t.db, paper.id, author.id);
  return { author, paper, summaryId, path: `/paper/arxiv/${paper.arxiv}` };
}

/** A fresh app on the shared database: its own empty cache, production revalidate window. */
function appWithClock(db = t.deps.db) {
  let time = 1_000_000;
  const created: App = createApp({ ...t.deps, db }, { now: () => time });
  const get = (path: string) =>
    Promise.resolve(created.fetch(new Request(`http://localhost${path}`)));
  return {
    created,
    get,
    stats: () => created.pageCache.stats(),
    advance(ms: number) {
      time += ms;
    },
  };
}

describe("page cache tags", () => {
  it("a vote on paper A's summary keeps paper B cached and refreshes A, the summary, the author and home", async () => {
    const a = await paperWithSummary();
    const b = await paperWithSummary();
    const voter = await makeUser(t.db);
    const pages = [a.path, `/summary/${a.summaryId}`, `/user/${a.author.username}`, "/", b.path];
    const before = new Map<string, string>();
    for (const path of pages) {
      const res = await t.get(path);
      expect(res.status, path).toBe(200);
      // The tags are for the cache alone: never sent.
      expect(res.headers.has("x-shortscience-tags"), path).toBe(false);
      before.set(path, await res.text());
    }
    expect(before.get(a.path)).toContain(SCORE_0);

    await voteOnSummary(t.db, { summaryId: a.summaryId, userId: voter.id, value: 1 });

    // B: answered from the cache (a hit, no miss), the same bytes.
    const s0 = t.pageCache.stats();
    const bAfter = await t.get(b.path);
    const s1 = t.pageCache.stats();
    expect(s1.hits).toBe(s0.hits + 1);
    expect(s1.misses).toBe(s0.misses);
    expect(await bAfter.text()).toBe(before.get(b.path));

    // Every page showing the vote is rendered again (a miss each) and shows it.
    for (const path of pages.slice(0, 4)) {
      const missesBefore = t.pageCache.stats().misses;
      const res = await t.get(path);
      expect(t.pageCache.stats().misses, path).toBe(missesBefore + 1);
      expect(await res.text(), path).not.toBe(before.get(path));
    }
    const cached = await t.get(a.path);
    expect(cached.headers.has("x-shortscience-tags")).toBe(false);
    expect(await cached.text()).toContain(SCORE_1);
    // Nor on a page that is not stored (a parameter the page does not read).
    expect((await t.get(`${a.path}?junk=1`)).headers.has("x-shortscience-tags")).toBe(false);
  });

  it("a comment refreshes its summary's paper and keeps other papers cached", async () => {
    const a = await paperWithSummary();
    const b = await paperWithSummary();
    const commenter = await makeUser(t.db);
    await t.get(a.path);
    await t.get(b.path);
    const remark = `A remark ${Math.random().toString(36).slice(2)}`;
    await addComment(t.db, testRender, {
      summaryId: a.summaryId,
      userId: commenter.id,
      source: remark,
    });
    const hits = t.pageCache.stats().hits;
    await t.get(b.path);
    expect(t.pageCache.stats().hits).toBe(hits + 1);
    expect(await (await t.get(a.path)).text()).toContain(remark);
    expect(await (await t.get(`/user/${commenter.username}/comments`)).text()).toContain(remark);
  });

  it("a write that names no tags drops every page", async () => {
    const a = await paperWithSummary();
    const b = await paperWithSummary();
    await t.get(a.path);
    await t.get(b.path);
    expect(t.pageCache.stats().entries).toBeGreaterThanOrEqual(2);
    await writeVisible(t.db, async () => undefined);
    const misses = t.pageCache.stats().misses;
    await t.get(a.path);
    await t.get(b.path);
    expect(t.pageCache.stats().misses).toBe(misses + 2);
    const row = await t.db
      .selectFrom("cache_tags")
      .select("version")
      .where("tag", "=", "*")
      .executeTakeFirstOrThrow();
    expect(row.version).toBe(await readContentVersion(t.db));
  });

  it("a render of old data is not stored when another request learnt of the write meanwhile", async () => {
    const a = await paperWithSummary();
    const b = await paperWithSummary();
    const voter = await makeUser(t.db);
    let time = 1_000_000;
    const created = createApp(t.deps, { now: () => time });
    let held: { rendered: () => void; release: Promise<void> } | null = null;
    const fetch = created.pageCache.wrap(async (req, env) => {
      const res = await created.app.fetch(req, env);
      const hold = held;
      held = null;
      if (hold) {
        hold.rendered();
        await hold.release;
      }
      return res;
    });
    const get = (path: string) => Promise.resolve(fetch(new Request(`http://localhost${path}`)));

    let release = () => {};
    let onRendered = () => {};
    const rendered = new Promise<void>((r) => {
      onRendered = r;
    });
    held = { rendered: onRendered, release: new Promise<void>((r) => (release = r)) };
    const slow = get(a.path);
    await rendered;
    await voteOnSummary(t.db, { summaryId: a.summaryId, userId: voter.id, value: 1 });
    // A miss on another page reads the version and the stamp of paper A.
    expect((await get(b.path)).status).toBe(200);
    release();
    expect(await (await slow).text()).toContain(SCORE_0);
    // Same instant (no revalidation due): the old page must not have been kept.
    expect(await (await get(a.path)).text()).toContain(SCORE_1);
    time += 1;
  });

  it("misses of one page while it renders share that render", async () => {
    const a = await paperWithSummary();
    const created = createApp(t.deps, { now: () => 1_000_000 });
    let renders = 0;
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    const fetch = created.pageCache.wrap(async (req, env) => {
      renders++;
      const res = await created.app.fetch(req, env);
      await held;
      return res;
    });
    const first = fetch(new Request(`http://localhost${a.path}`));
    const others = Array.from({ length: 7 }, () => fetch(new Request(`http://localhost${a.path}`)));
    release();
    const answers = await Promise.all([first, ...others]);
    expect(renders).toBe(1);
    const etags = new Set(answers.map((r) => r.headers.get("ETag")));
    expect(etags.size).toBe(1);
    expect(answers.every((r) => r.status === 200)).toBe(true);
    expect(created.pageCache.stats()).toMatchObject({ hits: 7, misses: 1 });
  });

  it("two app instances on one database, each with its own connection, stay coherent", async () => {
    const a = await paperWithSummary();
    const b = await paperWithSummary();
    const voter = await makeUser(t.db);
    const second: Db = connect(t.testDb.url);
    try {
      const one = appWithClock();
      const two = appWithClock(second.kysely);
      for (const p of [one, two]) {
        await p.get(a.path);
        await p.get(b.path);
      }
      // Written through the first's connection; the second learns it from the database.
      await voteOnSummary(t.db, { summaryId: a.summaryId, userId: voter.id, value: 1 });
      two.advance(1_000);
      const hits = two.stats().hits;
      expect(await (await two.get(a.path)).text()).toContain(SCORE_1);
      await two.get(b.path);
      expect(two.stats().hits).toBe(hits + 1);
    } finally {
      await second.close();
    }
  });

  it("parallel votes on one paper all count, and stamp its tag with the latest version", async () => {
    const author = await makeUser(t.db);
    const paper = await makePaper(t.db);
    const summaryIds = [
      await makeSummary(t.db, paper.id, author.id),
      await makeSummary(t.db, paper.id, (await makeUser(t.db)).id),
    ];
    const voters = await Promise.all(Array.from({ length: 8 }, () => makeUser(t.db)));
    const path = `/paper/arxiv/${paper.arxiv}`;
    await t.get(path);
    await Promise.all(
      voters.flatMap((v) =>
        summaryIds.map((summaryId) => voteOnSummary(t.db, { summaryId, userId: v.id, value: 1 })),
      ),
    );
    const html = await (await t.get(path)).text();
    expect(html.match(/Score <\/span>\+8</g)?.length).toBe(2);
    const tag = await t.db
      .selectFrom("cache_tags")
      .select("version")
      .where("tag", "=", `paper:${paper.id}`)
      .executeTakeFirstOrThrow();
    expect(tag.version).toBe(await readContentVersion(t.db));
  });
});
