import type { KyselyPlugin } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addComment } from "../../src/comments/comments.service";
import type { CurrentUser } from "../../src/core/current-user";
import { IDENTITY_PLACEHOLDER } from "../../src/core/viewer-parts";
import { loadAssets } from "../../src/http/assets";
import { resolvePaperPath } from "../../src/papers/papers.service";
import {
  type PaperRequest,
  renderPaperPage,
  sharedPaperPage,
} from "../../src/reading/paper-page-bytes";
import { SharedPaperCache } from "../../src/reading/shared-paper-cache";
import { setRole } from "../../src/users/users.repo";
import { voteOnSummary } from "../../src/votes/votes.service";
import { makeAccount, makePaper, makeSummary, makeUser } from "../helpers/factories";
import { type LiveServer, startLiveServer } from "../helpers/live-server";
import { cookieHeader, sessionClient } from "../helpers/sessions";
import { testRender } from "../helpers/test-app";

// Issue 12, point 1: a logged-in reader's paper page is filled from a part shared by every
// reader of their class, with only their own parts rendered per request. It must hold the
// same bytes as a page rendered for them alone, and never anyone else's parts.

let live: LiveServer;
const db = () => live.t.db;

interface Fixture {
  path: string;
  paperId: number;
  others: number[];
  ownA: number;
  users: Record<"a" | "b" | "mod" | "admin" | "unconfirmed", CurrentUser>;
}
let f: Fixture;

const asViewer = (
  acct: { id: number; username: string },
  over: Partial<CurrentUser> = {},
): CurrentUser => ({
  id: acct.id,
  username: acct.username,
  displayName: `Researcher ${acct.username}`,
  role: "user",
  emailVerified: true,
  sessionId: acct.id,
  csrfToken: `token-of-${acct.username}`,
  ...over,
});

beforeAll(async () => {
  live = await startLiveServer({ demo: false });
  const paper = await makePaper(db(), { title: "Shared part paper" });
  // Typed-in details: a moderator gets the correction form (a class-level part).
  await db()
    .updateTable("papers")
    .set({ metadata_source: "hand" })
    .where("id", "=", paper.id)
    .execute();
  const a = await makeAccount(db());
  const b = await makeAccount(db());
  const mod = await makeAccount(db());
  await setRole(db(), mod.id, "moderator");
  const admin = await makeAccount(db());
  await setRole(db(), admin.id, "admin");
  const unconfirmed = await makeAccount(db(), { verified: false });
  const ownA = await makeSummary(db(), paper.id, a.id, { source: "A's public summary." });
  // B's summary on this paper is private: only B sees its box.
  await makeSummary(db(), paper.id, b.id, { source: "B's private summary.", isPrivate: true });
  const x = await makeUser(db());
  const y = await makeUser(db());
  const others = [
    await makeSummary(db(), paper.id, x.id, { source: "X's summary." }),
    await makeSummary(db(), paper.id, y.id, { source: "Y's summary." }),
  ];
  // Different votes: A up, B down on X's summary.
  await voteOnSummary(db(), { summaryId: others[0] as number, userId: a.id, value: 1 });
  await voteOnSummary(db(), { summaryId: others[0] as number, userId: b.id, value: -1 });
  // A comment by A (A gets Edit/Delete on it, B gets Report), with a reply by B.
  const top = await addComment(db(), testRender, {
    summaryId: others[0] as number,
    userId: a.id,
    source: "A comments.",
  });
  await addComment(db(), testRender, {
    summaryId: others[0] as number,
    userId: b.id,
    source: "B replies.",
    parentId: top,
  });
  f = {
    path: `/paper/arxiv/${paper.arxiv}`,
    paperId: paper.id,
    others,
    ownA,
    users: {
      a: asViewer(a),
      b: asViewer(b),
      mod: asViewer(mod, { role: "moderator" }),
      admin: asViewer(admin, { role: "admin" }),
      unconfirmed: asViewer(unconfirmed, { emailVerified: false }),
    },
  };
});
afterAll(async () => {
  await live.close();
});

const assets = loadAssets().urls;

async function request(user: CurrentUser, unread = 0, ownNotice: PaperRequest["ownNotice"] = null) {
  const found = await resolvePaperPath(db(), "arxiv", f.path.slice("/paper/arxiv/".length));
  if (!found) throw new Error("paper not found");
  return {
    db: db(),
    found,
    page: { assets, user, returnTo: null, unreadNotifications: unread },
    ownNotice,
    siteUrl: "http://localhost:3000/",
  } satisfies PaperRequest;
}

const text = (b: Uint8Array) => Buffer.from(b).toString("utf8");

describe("the shared part filled for a reader", () => {
  it("holds the same bytes as a page rendered for that reader alone, for every class", async () => {
    const cache = new SharedPaperCache({
      maxBytes: 16 * 1024 * 1024,
      maxPageBytes: 4 * 1024 * 1024,
    });
    const viewers = [
      { user: f.users.a, unread: 3, notice: null },
      { user: f.users.b, unread: 0, notice: "saved" as const },
      { user: f.users.mod, unread: 120, notice: null },
      { user: f.users.admin, unread: 0, notice: null },
      { user: f.users.unconfirmed, unread: 0, notice: null },
    ];
    const fresh = new Map<string, string>();
    // Twice round, alternating: the first fill per class renders the template, the rest reuse it.
    for (let round = 0; round < 2; round++) {
      for (const v of viewers) {
        const req = await request(v.user, v.unread, v.notice);
        const alone = text((await renderPaperPage(req)).bytes);
        const shared = text((await sharedPaperPage(req, v.user, cache)).bytes);
        expect(shared).toBe(alone);
        expect(shared).not.toContain(IDENTITY_PLACEHOLDER);
        expect(shared).not.toContain("\u0000");
        fresh.set(v.user.username, alone);
      }
    }
    // One template per class: A and B (both confirmed users) share theirs.
    expect(cache.size).toBe(4);
    const page = (k: keyof Fixture["users"]) => fresh.get(f.users[k].username) ?? "";
    // Each page has its own reader's form token and name, and nobody else's.
    for (const [k, u] of Object.entries(f.users)) {
      expect(page(k as keyof Fixture["users"])).toContain(`value="${u.csrfToken}"`);
      expect(page(k as keyof Fixture["users"])).toContain(u.displayName);
      for (const other of Object.values(f.users)) {
        if (other !== u) expect(page(k as keyof Fixture["users"])).not.toContain(other.csrfToken);
      }
    }
    // B's private summary box is B's only; "Saved." is what B was told.
    expect(page("b")).toContain("Your private summary");
    expect(page("b")).toContain("<strong>Saved.</strong>");
    for (const k of ["a", "mod", "admin", "unconfirmed"] as const) {
      expect(page(k)).not.toContain("Your private summary");
    }
    // Votes: A pressed Up, B pressed Down on X's summary.
    const voteForm = (html: string, id: number) =>
      html.slice(html.indexOf(`data-summary-id="${id}"`)).slice(0, 900);
    expect(voteForm(page("a"), f.others[0] as number)).toMatch(/data-vote="1" aria-pressed="true"/);
    expect(voteForm(page("b"), f.others[0] as number)).toMatch(
      /data-vote="-1" aria-pressed="true"/,
    );
    // A's own summary: no vote form for A, Edit for A, Report for B.
    expect(page("a")).not.toContain(`data-summary-id="${f.ownA}"`);
    expect(page("b")).toContain(`data-summary-id="${f.ownA}"`);
    expect(page("a")).toContain("Edit your summary");
    // B's is private (still B's own); the moderator has none here.
    expect(page("b")).toContain("Edit your summary");
    expect(page("mod")).toContain("Add a summary");
    expect(page("mod")).not.toContain("Edit your summary");
    expect(page("a")).toContain(`/summary/${f.ownA}/delete`);
    expect(page("b")).not.toContain(`/summary/${f.ownA}/delete`);
    expect(page("b")).toContain(`/report/summary/${f.ownA}`);
    // Comments: A may edit A's comment, B may edit B's reply, each reports the other's.
    const editLinks = (html: string) =>
      [...html.matchAll(/\/comment\/(\d+)\/edit/g)].map((m) => m[1]);
    expect(editLinks(page("a"))).toHaveLength(1);
    expect(editLinks(page("b"))).toHaveLength(1);
    expect(editLinks(page("a"))).not.toEqual(editLinks(page("b")));
    // Class parts: the moderators' form and link, the unconfirmed reader's notices.
    expect(page("mod")).toContain(`/papers/${f.paperId}/details`);
    expect(page("a")).not.toContain(`/papers/${f.paperId}/details`);
    expect(page("mod")).toContain('href="/moderation"');
    expect(page("admin")).toContain('href="/moderation"');
    expect(page("a")).not.toContain('href="/moderation"');
    expect(page("unconfirmed")).toContain("Confirm your e-mail to vote.");
    expect(page("unconfirmed")).not.toContain('class="comment-form"');
    expect(page("a")).toContain('class="comment-form"');
    // Unread badges are each reader's own.
    expect(page("a")).toMatch(/Notifications <span class="badge">3<\/span>/);
    expect(page("b")).not.toContain('class="badge"');
  });

  it("is rendered again after a write to the paper, and kept within its byte bound", async () => {
    const cache = new SharedPaperCache({
      maxBytes: 16 * 1024 * 1024,
      maxPageBytes: 4 * 1024 * 1024,
    });
    const req = await request(f.users.b);
    const before = text((await sharedPaperPage(req, f.users.b, cache)).bytes);
    const mine = await makeSummary(db(), f.paperId, (await makeUser(db())).id, {
      source: "A summary written after the template.",
    });
    const after = text((await sharedPaperPage(req, f.users.b, cache)).bytes);
    expect(before).not.toContain("A summary written after the template.");
    expect(after).toContain("A summary written after the template.");
    expect(after).toBe(text((await renderPaperPage(req)).bytes));
    expect(after).toContain(`data-summary-id="${mine}"`);
    // A cache too small for the page keeps nothing and still serves the same bytes.
    const tiny = new SharedPaperCache({ maxBytes: 1000, maxPageBytes: 1000 });
    expect(text((await sharedPaperPage(req, f.users.b, tiny)).bytes)).toBe(after);
    expect(tiny.size).toBe(0);
    expect(tiny.bytes).toBe(0);
    // Room for one page: the next class's template pushes the first out.
    const one = new SharedPaperCache({
      maxBytes: cache.bytes + 1000,
      maxPageBytes: cache.bytes + 1000,
    });
    await sharedPaperPage(req, f.users.b, one);
    await sharedPaperPage(await request(f.users.mod), f.users.mod, one);
    expect(one.size).toBe(1);
    expect(one.bytes).toBeLessThanOrEqual(cache.bytes + 1000);
  });
});

describe("a write while the shared part is read", () => {
  it("is not kept (it may predate the write), and the next request shows the write", async () => {
    // A vote lands right after the page's summaries (with their scores) are read, before its
    // tag versions are (compiled queries skip transformQuery, so the rows are what we see).
    const voter = await makeAccount(db());
    const target = f.others[1] as number;
    let armed = true;
    const interleave: KyselyPlugin = {
      transformQuery: (args) => args.node,
      async transformResult(args) {
        const rows = args.result.rows as Record<string, unknown>[];
        if (armed && rows.some((r) => r.id === target && "score" in r)) {
          armed = false;
          await voteOnSummary(db(), { summaryId: target, userId: voter.id, value: -1 });
        }
        return args.result;
      },
    };
    const cache = new SharedPaperCache({
      maxBytes: 16 * 1024 * 1024,
      maxPageBytes: 4 * 1024 * 1024,
    });
    const req = { ...(await request(f.users.b)), db: db().withPlugin(interleave) };
    const first = text((await sharedPaperPage(req, f.users.b, cache)).bytes);
    expect(armed).toBe(false);
    expect(cache.size).toBe(0);
    const second = text((await sharedPaperPage(req, f.users.b, cache)).bytes);
    expect(cache.size).toBe(1);
    const score = (html: string) =>
      html.slice(html.indexOf(`data-score-for="${target}"`)).slice(0, 160);
    expect(score(second)).not.toBe(score(first));
    expect(second).toBe(text((await renderPaperPage(await request(f.users.b))).bytes));
  });
});

describe("two sessions over HTTP", () => {
  it("each sees only their own parts, alternately and in parallel; a vote shows at once", async () => {
    const sa = await sessionClient(live.t);
    const sb = await sessionClient(live.t);
    const id = f.others[1] as number;
    const get = async (s: typeof sa) => {
      const res = await fetch(`${live.url}${f.path}`, {
        headers: { cookie: cookieHeader(s.client) },
      });
      expect(res.status).toBe(200);
      return res.text();
    };
    const check = (html: string, own: typeof sa, other: typeof sa) => {
      expect(html).toContain(`value="${own.client.csrf()}"`);
      expect(html).not.toContain(`value="${other.client.csrf()}"`);
      expect(html).toContain(own.account.username);
      expect(html).not.toContain(other.account.username);
    };
    for (let i = 0; i < 3; i++) {
      check(await get(sa), sa, sb);
      check(await get(sb), sb, sa);
    }
    const pages = await Promise.all(
      Array.from({ length: 24 }, (_, i) => (i % 2 ? get(sb) : get(sa)).then((h) => ({ i, h }))),
    );
    for (const { i, h } of pages) i % 2 ? check(h, sb, sa) : check(h, sa, sb);
    // A votes Y's summary up through the form: A sees it pressed at once, B sees the score.
    const score = (html: string) =>
      html
        .slice(html.indexOf(`data-score-for="${id}"`))
        .slice(0, 200)
        .match(/([+−-]?\d+)<\/span>/)?.[1];
    const scoreBefore = score(await get(sb));
    const voted = await fetch(`${live.url}/summary/${id}/vote`, {
      method: "POST",
      redirect: "manual",
      headers: {
        cookie: cookieHeader(sa.client),
        origin: live.url,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ _csrf: sa.client.csrf() ?? "", value: "1", next: f.path }),
    });
    expect(voted.status).toBe(303);
    const aPage = await get(sa);
    const form = aPage.slice(aPage.indexOf(`data-summary-id="${id}"`)).slice(0, 900);
    expect(form).toMatch(/data-vote="1" aria-pressed="true"/);
    const bPage = await get(sb);
    expect(score(bPage)).not.toBe(scoreBefore);
    const bForm = bPage.slice(bPage.indexOf(`data-summary-id="${id}"`)).slice(0, 900);
    expect(bForm).toMatch(/data-vote="1" aria-pressed="false"/);
  });
});
