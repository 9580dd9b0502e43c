import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePaper, makeSummary, makeUser } from "../helpers/factories";
import { createTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
let paper: { id: number; arxiv: string };
let secretAuthor: { id: number; username: string };
let privateId: number;
let anonId: number;
let publicId: number;
let mixedAuthor: { id: number; username: string };
let mixedAnonId: number;

const PRIVATE_MARK = "privatemarkerqq";
const ANON_MARK = "anonymousmarkerzz";

beforeAll(async () => {
  t = await createTestApp();
  paper = await makePaper(t.db, { title: "A Paper With Secrets", year: 2021 });
  const venue = await t.db
    .insertInto("venues")
    .values({ key: "testconf", name: "TestConf", description: "" })
    .returning("id")
    .executeTakeFirstOrThrow();
  await t.db.updateTable("papers").set({ venue_id: venue.id }).where("id", "=", paper.id).execute();
  secretAuthor = await makeUser(t.db, { username: "shyauthor", displayName: "Shy Q. Author" });
  const other = await makeUser(t.db, { username: "openauthor", displayName: "Open Author" });
  const paper2 = await makePaper(t.db, { title: "Another Paper Entirely" });
  privateId = await makeSummary(t.db, paper.id, other.id, {
    source: `Draft ${PRIVATE_MARK}.`,
    isPrivate: true,
  });
  anonId = await makeSummary(t.db, paper.id, secretAuthor.id, {
    source: `Text ${ANON_MARK}.`,
    isAnonymous: true,
  });
  mixedAuthor = await makeUser(t.db, { username: "mixedauthor", displayName: "Mixed Author" });
  publicId = await makeSummary(t.db, paper2.id, mixedAuthor.id, { source: "A signed summary." });
  mixedAnonId = await makeSummary(t.db, paper.id, mixedAuthor.id, {
    source: "Mixed anonymous text.",
    isAnonymous: true,
  });
});
afterAll(async () => {
  await t.close();
});

async function allPages(): Promise<Record<string, string>> {
  const paths = [
    "/",
    "/recent",
    "/best",
    "/best?section=cs",
    `/paper/arxiv/${paper.arxiv}`,
    `/summary/${anonId}`,
    `/summary/${publicId}`,
    "/user/mixedauthor",
    "/user/openauthor",
    "/venues",
    "/venue/testconf",
  ];
  const pages: Record<string, string> = {};
  for (const p of paths) pages[p] = await t.html(p);
  return pages;
}

describe("private summaries", () => {
  it("appear in no list, count, profile or permalink", async () => {
    for (const [path, html] of Object.entries(await allPages())) {
      expect(html, path).not.toContain(PRIVATE_MARK);
      expect(html, path).not.toContain(`summary-${privateId}"`);
    }
    expect((await t.get(`/summary/${privateId}`)).status).toBe(404);
    const paperHtml = await t.html(`/paper/arxiv/${paper.arxiv}`);
    expect(paperHtml).toContain(">2 summaries<");
    expect(await t.html("/user/openauthor")).toContain("No public summaries yet");
  });
});

describe("anonymous summaries", () => {
  it("leave no trace of their author in any page", async () => {
    const user = await t.db
      .selectFrom("users")
      .selectAll()
      .where("id", "=", secretAuthor.id)
      .executeTakeFirstOrThrow();
    for (const path of [
      `/paper/arxiv/${paper.arxiv}`,
      `/summary/${anonId}`,
      "/recent",
      "/venue/testconf",
      "/venues",
    ]) {
      const html = await t.html(path);
      if (!path.startsWith("/venue")) {
        expect(html, path).toContain(ANON_MARK);
        expect(html, path).toContain("Anonymous");
      }
      expect(html, path).not.toContain(user.display_name);
      expect(html, path).not.toContain(user.username);
      expect(html, path).not.toMatch(new RegExp(`user[^"]*[=/]${user.id}\\b`));
    }
  });

  it("are left out of their author's profile and reputation", async () => {
    await t.db.updateTable("summaries").set({ score: 7 }).where("id", "=", mixedAnonId).execute();
    await t.db.updateTable("content_version").set({ version: 999 }).execute();
    const html = await t.html("/user/mixedauthor");
    expect(html).toContain("Another Paper Entirely");
    expect(html).not.toContain("Mixed anonymous text");
    expect(html).not.toContain("A Paper With Secrets");
    expect(html).toContain("reputation 0");
  });
});
