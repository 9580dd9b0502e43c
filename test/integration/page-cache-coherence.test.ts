import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, createApp } from "../../src/app";
import { PAGE_CACHE_REVALIDATE_MS } from "../../src/core/limits";
import { voteOnSummary } from "../../src/votes/votes.service";
import { createClient } from "../helpers/client";
import { makeAccount, makePaper, makeSummary, makeUser } from "../helpers/factories";
import { createTestApp, type TestApp } from "../helpers/test-app";

// The production revalidate window (1 s), with a clock the test moves: no sleeping, and the
// window is the real one, not the 0 the other tests use.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

interface Gate {
  /** Resolves once the held request's page has been rendered (from the data of that moment). */
  rendered: Promise<void>;
  release(): void;
}

/**
 * The app with production settings behind its page cache, where the test can hold a request
 * between rendering and handing its page to the cache, to force the race of issue 7.
 */
function productionApp() {
  let time = 1_000_000;
  const created: App = createApp(t.deps, { now: () => time });
  const gates: Gate[] = [];
  const holds: { onRendered: () => void; released: Promise<void> }[] = [];
  const inner = async (req: Request, env?: unknown) => {
    const res = await created.app.fetch(req, env);
    const hold = holds.shift();
    if (hold) {
      hold.onRendered();
      await hold.released;
    }
    return res;
  };
  const fetch = created.pageCache.wrap(inner);
  return {
    created,
    fetch,
    get: (path: string, headers: Record<string, string> = {}) =>
      Promise.resolve(fetch(new Request(`http://localhost${path}`, { headers }))),
    advance(ms: number) {
      time += ms;
    },
    /** The next request through `fetch` renders, then waits for `release()`. */
    holdNext(): Gate {
      let onRendered = () => {};
      let release = () => {};
      const rendered = new Promise<void>((r) => {
        onRendered = r;
      });
      const released = new Promise<void>((r) => {
        release = r;
      });
      holds.push({ onRendered, released });
      const gate = { rendered, release };
      gates.push(gate);
      return gate;
    },
    asTestApp: (): TestApp => ({ ...t, fetch }),
  };
}

async function paperWithSummary() {
  const author = await makeUser(t.db);
  const paper = await makePaper(t.db);
  const summaryId = await makeSummary(t.db, paper.id, author.id);
  return { paper, summaryId, path: `/paper/arxiv/${paper.arxiv}` };
}

const SCORE_0 = "Score </span>0<";
const SCORE_1 = "Score </span>+1<";

describe("page cache coherence (production revalidate window, injected clock)", () => {
  it("a page rendered before a write never replaces the page rendered after it", async () => {
    const p = productionApp();
    const { summaryId, path } = await paperWithSummary();
    const voter = await makeUser(t.db);

    // 1. Request A reads the old data and is held before the cache sees its page.
    const gate = p.holdNext();
    const slow = p.get(path);
    await gate.rendered;
    // 2. A write bumps the version.
    await voteOnSummary(t.db, { summaryId, userId: voter.id, value: 1 });
    // 3. Request B (same instant: no revalidation due) renders and stores the new page.
    const fresh = await p.get(path);
    expect(await fresh.text()).toContain(SCORE_1);
    // 4. A hands its old page to the cache.
    gate.release();
    const old = await slow;
    expect(await old.text()).toContain(SCORE_0);

    // Every later reader, still within the same window, gets B's page.
    for (let i = 0; i < 3; i++) {
      const later = await p.get(path);
      expect(later.headers.get("ETag")).toBe(fresh.headers.get("ETag"));
      expect(await later.text()).toContain(SCORE_1);
    }
  });

  it("a page stored from old data does not survive the bump past the revalidate window", async () => {
    const p = productionApp();
    const { summaryId, path } = await paperWithSummary();
    const voter = await makeUser(t.db);

    const gate = p.holdNext();
    const slow = p.get(path);
    await gate.rendered;
    await voteOnSummary(t.db, { summaryId, userId: voter.id, value: 1 });
    // No other request came: A's old page is stored under the version it read before the write.
    gate.release();
    expect(await (await slow).text()).toContain(SCORE_0);

    p.advance(PAGE_CACHE_REVALIDATE_MS - 1);
    expect(await (await p.get(path)).text()).toContain(SCORE_0);
    p.advance(1);
    expect(await (await p.get(path)).text()).toContain(SCORE_1);
  });

  it("the writer sees a write at once; anonymous readers within the 1 s window", async () => {
    const p = productionApp();
    const { summaryId, path } = await paperWithSummary();
    const commenter = await makeAccount(t.db);
    const client = createClient(p.asTestApp());
    const login = await client.submit("/login", "/login", {
      login: commenter.username,
      password: commenter.password,
    });
    expect(login.status).toBe(303);

    const before = await p.get(path);
    expect(before.status).toBe(200);
    const comment = `A remark ${Math.random().toString(36).slice(2)}`;
    const posted = await client.submit(path, `/summary/${summaryId}/comments`, { source: comment });
    expect(posted.status).toBe(303);

    // The writer has a session: never served from the cache.
    expect(await (await client.get(path)).text()).toContain(comment);
    // Anonymous readers get the cached page until the window has passed…
    p.advance(PAGE_CACHE_REVALIDATE_MS / 2);
    const stale = await p.get(path);
    expect(stale.headers.get("ETag")).toBe(before.headers.get("ETag"));
    expect(await stale.text()).not.toContain(comment);
    // …and the new one as soon as it has.
    p.advance(PAGE_CACHE_REVALIDATE_MS / 2);
    expect(await (await p.get(path)).text()).toContain(comment);
  });

  it("a content version that went back (a restored database) drops every page", async () => {
    const p = productionApp();
    const { paper, path } = await paperWithSummary();
    const first = await p.get(path);
    expect(first.status).toBe(200);
    expect(first.headers.has("x-shortscience-paper")).toBe(false);
    const { version } = p.created.pageCache.stats();
    expect(version).toBeGreaterThan(0);

    // A restore: older data and an older version number, without a bump.
    const title = `Restored title ${Math.random().toString(36).slice(2)}`;
    await t.db.updateTable("papers").set({ title }).where("id", "=", paper.id).execute();
    await sql`update content_version set version = 0 where id = 1`.execute(t.db);

    p.advance(PAGE_CACHE_REVALIDATE_MS);
    const after = await p.get(path);
    expect(await after.text()).toContain(title);
    expect(p.created.pageCache.stats().version).toBe(0);
    await sql`update content_version set version = ${version} where id = 1`.execute(t.db);
  });
});
