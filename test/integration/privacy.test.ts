// Private, share-link-only and anonymous content through every listing and count (issue 7,
// point 15): home tabs and their pages, field filters, venues and venue years, profiles and
// reputation, paper pages and their meta tags, citations. Each hidden text is first shown to
// be reachable where it may be (its share link, its paper page), so that every "not there"
// below checks a string that would be there if a filter were missing.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addComment } from "../../src/comments/comments.service";
import { HOME_PAGE_SIZE } from "../../src/core/limits";
import { createClient } from "../helpers/client";
import { makeAccount, makePaper, makeSummary, makeUser } from "../helpers/factories";
import { createTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
type Paper = { id: number; arxiv: string };
let withSecrets: Paper;
let another: Paper;
let onlyPrivate: Paper;
let privateVenuePaper: Paper;
let privateId: number;
let anonId: number;
let publicId: number;
let onlyPrivateId: number;
let privateShareToken: string;

const PRIVATE_MARK = "privatemarkerqq";
/** The editor publishes 200 characters or more (SUMMARY_MIN_CHARS): filler for short texts. */
const LONG_ENOUGH = " This summary is padded to the editor's minimum length.".repeat(4);
const ONLY_PRIVATE_MARK = "onlyprivatemarkerjj";
const COMMENT_MARK = "commentonprivatevv";
const ANON_MARK = "anonymousmarkerzz";
const MIXED_ANON_MARK = "mixedanonymouskk";

async function venue(key: string, name: string): Promise<number> {
  const row = await t.db
    .insertInto("venues")
    .values({ key, name, description: "" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function paperIn(venueId: number, over: Parameters<typeof makePaper>[1]): Promise<Paper> {
  const p = await makePaper(t.db, over);
  await t.db.updateTable("papers").set({ venue_id: venueId }).where("id", "=", p.id).execute();
  return p;
}

beforeAll(async () => {
  t = await createTestApp();
  const testconf = await venue("testconf", "TestConf");
  const privconf = await venue("privconf", "Privately Summarized Conference");
  withSecrets = await paperIn(testconf, { title: "A Paper With Secrets", year: 2021 });
  onlyPrivate = await paperIn(testconf, {
    title: "A Paper Summarized Only In Private",
    year: 2019,
    section: "math",
  });
  privateVenuePaper = await paperIn(privconf, {
    title: "Private Venue Paper",
    year: 2018,
    section: "physics",
  });
  another = await makePaper(t.db, { title: "Another Paper Entirely" });

  const shy = await makeUser(t.db, { username: "shyauthor", displayName: "Shy Q. Author" });
  const open = await makeAccount(t.db, { username: "openauthor", displayName: "Open Author" });
  const mixed = await makeUser(t.db, { username: "mixedauthor", displayName: "Mixed Author" });
  const loner = await makeUser(t.db, { username: "lonerauthor", displayName: "Loner Author" });
  const commenter = await makeUser(t.db, { username: "commenter", displayName: "Com Menter" });

  // Public when commented on, made private afterwards through the editor, as a person would.
  privateId = await makeSummary(t.db, withSecrets.id, open.id, {
    source: `Draft ${PRIVATE_MARK}.`,
  });
  await addComment(t.db, t.render, {
    summaryId: privateId,
    userId: commenter.id,
    source: `Nice ${COMMENT_MARK}.`,
  });
  const client = createClient(t);
  await client.submit("/login", "/login", { login: open.username, password: open.password });
  await client.get(paperPath(withSecrets));
  const edited = await client.post("/summaries", {
    paperId: String(withSecrets.id),
    source: `Draft ${PRIVATE_MARK}.${LONG_ENOUGH}`,
    private: "1",
  });
  expect(edited.status).toBe(303);

  anonId = await makeSummary(t.db, withSecrets.id, shy.id, {
    source: `Text ${ANON_MARK}.`,
    isAnonymous: true,
  });
  const mixedAnonId = await makeSummary(t.db, withSecrets.id, mixed.id, {
    source: `Text ${MIXED_ANON_MARK}.`,
    isAnonymous: true,
  });
  publicId = await makeSummary(t.db, another.id, mixed.id, { source: "A signed summary." });
  onlyPrivateId = await makeSummary(t.db, onlyPrivate.id, loner.id, {
    source: `Notes ${ONLY_PRIVATE_MARK}.`,
    isPrivate: true,
  });
  await makeSummary(t.db, privateVenuePaper.id, loner.id, {
    source: `More ${ONLY_PRIVATE_MARK}.`,
    isPrivate: true,
  });
  // Fill the first home page exactly with public summaries (the anonymous ones are public).
  const publicSoFar = 3;
  for (let i = publicSoFar; i < HOME_PAGE_SIZE; i++) {
    const p = await makePaper(t.db, { title: `Filler paper ${i}` });
    await makeSummary(t.db, p.id, (await makeUser(t.db)).id, { source: `Filler ${i}.` });
  }
  // Scores that would show in reputations if hidden summaries counted.
  for (const [id, score] of [
    [privateId, 5],
    [onlyPrivateId, 3],
    [anonId, 4],
    [mixedAnonId, 7],
    [publicId, 2],
  ] as const) {
    await t.db.updateTable("summaries").set({ score }).where("id", "=", id).execute();
    // Reputation counts votes older than two days: as many old up-votes as the score.
    for (let i = 0; i < score; i++) {
      const voter = await makeUser(t.db);
      await t.db
        .insertInto("votes")
        .values({
          summary_id: id,
          user_id: voter.id,
          value: 1,
          created_at: "2020-01-01T00:00:00.000Z",
        })
        .execute();
    }
  }
  const share = await t.db
    .selectFrom("summaries")
    .select(["share_token", "is_private"])
    .where("id", "=", privateId)
    .executeTakeFirstOrThrow();
  expect(share.is_private).toBe(1);
  privateShareToken = share.share_token;
  await t.db.updateTable("content_version").set({ version: 1000 }).execute();
});
afterAll(async () => {
  await t.close();
});

const paperPath = (p: Paper) => `/paper/arxiv/${p.arxiv}`;

/** Every page that lists, counts or cites summaries or papers. */
function listingPaths(): string[] {
  return [
    "/",
    "/recent",
    "/best",
    "/?section=cs",
    "/best?section=math",
    "/recent?section=physics",
    paperPath(withSecrets),
    paperPath(another),
    paperPath(onlyPrivate),
    paperPath(privateVenuePaper),
    `/summary/${anonId}`,
    `/summary/${publicId}`,
    "/user/mixedauthor",
    "/user/openauthor",
    "/user/shyauthor",
    "/user/lonerauthor",
    "/venues",
    "/venue/testconf",
    "/venue/testconf?year=2021",
    "/venue/privconf",
    `/cite/bibtex/arxiv/${withSecrets.arxiv}`,
    `/cite/ris/arxiv/${withSecrets.arxiv}`,
    `/cite/bibtex/arxiv/${onlyPrivate.arxiv}`,
    `/cite/ris/arxiv/${onlyPrivate.arxiv}`,
  ];
}

async function pages(paths: string[]): Promise<[string, string][]> {
  const out: [string, string][] = [];
  for (const p of paths) out.push([p, await t.html(p)]);
  return out;
}

describe("private summaries", () => {
  it("are reachable by their share link only", async () => {
    const shared = await t.html(`/shared/${privateShareToken}`);
    expect(shared).toContain(PRIVATE_MARK);
    expect((await t.get(`/summary/${privateId}`)).status).toBe(404);
    expect((await t.get(`/summary/${onlyPrivateId}`)).status).toBe(404);
    for (const [path, html] of await pages(listingPaths())) {
      for (const mark of [PRIVATE_MARK, ONLY_PRIVATE_MARK, COMMENT_MARK]) {
        expect(html, `${path} shows ${mark}`).not.toContain(mark);
      }
      expect(html, path).not.toContain(`summary-${privateId}"`);
      expect(html, path).not.toContain(`summary-${onlyPrivateId}"`);
    }
  });

  it("count nowhere: paper pages, profiles, reputations, venues", async () => {
    const paper = await t.html(paperPath(withSecrets));
    expect(paper).toContain(">2 summaries<");
    expect(paper).toContain('content="2 summaries of');
    const open = await t.html("/user/openauthor");
    expect(open).toContain("No public summaries yet");
    expect(open).toContain("reputation 0");
    const venuePage = await t.html("/venue/testconf");
    expect(venuePage).toMatch(/A Paper With Secrets<\/a> <span class="muted">2 summaries</);
    expect(await t.html("/venues")).toMatch(/TestConf<\/a> <span class="muted">1 paper with/);
  });
});

describe("a paper whose only summary is private", () => {
  it("is shown as having no summaries, and listed nowhere", async () => {
    const page = await t.html(paperPath(onlyPrivate));
    expect(page).toContain("A Paper Summarized Only In Private");
    expect(page).toContain("No summaries yet");
    expect(page).toContain('content="0 summaries of');
    for (const [path, html] of await pages([
      "/",
      "/recent",
      "/best",
      "/best?section=math",
      "/venues",
      "/venue/testconf",
      "/venue/privconf",
      "/user/lonerauthor",
    ])) {
      expect(html, path).not.toContain("Summarized Only In Private");
      expect(html, path).not.toContain("Private Venue Paper");
    }
    // Its field and its venue year have nothing public.
    expect(await t.html("/best?section=math")).toContain("No summaries here yet.");
    expect(await t.html("/recent?section=physics")).toContain("No summaries here yet.");
    expect(await t.html("/venue/testconf")).not.toContain("year=2019");
    expect((await t.get("/venue/testconf?year=2019")).status).toBe(404);
    expect(await t.html("/venues")).not.toContain("Privately Summarized Conference");
    expect(await t.html("/user/lonerauthor")).toContain("reputation 0");
  });
});

describe("home page counts", () => {
  it("leave private summaries out of the page count, with and without a field", async () => {
    for (const tab of ["/", "/recent", "/best", "/?section=cs"]) {
      expect(await t.html(tab), tab).not.toContain('rel="next"');
      const page2 = `${tab}${tab.includes("?") ? "&" : "?"}page=2`;
      expect((await t.get(page2)).status, page2).toBe(404);
    }
    // One more public summary does make a second page, holding only that one.
    const p = await makePaper(t.db, { title: "The Sixth Public One" });
    const sixth = await makeSummary(t.db, p.id, (await makeUser(t.db)).id, { source: "Sixth." });
    expect(await t.html("/recent")).toContain('rel="next"');
    const second = await t.html("/best?page=2");
    expect(second.match(/<article class="summary"/g)).toHaveLength(1);
    expect(second).not.toContain(PRIVATE_MARK);
    expect(await t.html("/recent")).toContain(`summary-${sixth}"`);
  });
});

describe("anonymous summaries", () => {
  it("leave no trace of their author in any page or citation", async () => {
    for (const [path, html] of await pages(listingPaths())) {
      if (path.startsWith("/user/shyauthor") || path.startsWith("/user/mixedauthor")) continue;
      expect(html, path).not.toContain("Shy Q. Author");
      expect(html, path).not.toContain("shyauthor");
    }
    // Mixed Author signs one summary (of another paper): anywhere else their name is a leak.
    for (const [path, html] of await pages([
      paperPath(withSecrets),
      `/summary/${anonId}`,
      "/venue/testconf",
      `/cite/bibtex/arxiv/${withSecrets.arxiv}`,
      `/cite/ris/arxiv/${withSecrets.arxiv}`,
    ])) {
      expect(html, path).not.toContain("Mixed Author");
      expect(html, path).not.toContain("mixedauthor");
    }
    const paper = await t.html(paperPath(withSecrets));
    expect(paper).toContain(ANON_MARK);
    expect(paper).toContain(MIXED_ANON_MARK);
    expect(paper).toContain("Anonymous");
    expect(await t.html(`/summary/${anonId}`)).toContain(ANON_MARK);
  });

  it("are left out of their author's profile and reputation", async () => {
    const shy = await t.html("/user/shyauthor");
    expect(shy).toContain("No public summaries yet");
    expect(shy).toContain("reputation 0");
    expect(shy).not.toContain(ANON_MARK);
    const mixed = await t.html("/user/mixedauthor");
    expect(mixed).toContain("Another Paper Entirely");
    expect(mixed).not.toContain(MIXED_ANON_MARK);
    expect(mixed).not.toContain("A Paper With Secrets");
    expect(mixed).toContain("reputation 2");
  });
});
