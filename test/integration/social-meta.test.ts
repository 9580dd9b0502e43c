import { type DefaultTreeAdapterMap, parse } from "parse5";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SOCIAL_DESCRIPTION_CHARS } from "../../src/core/limits";
import { makePaper, makeSummary, makeUser } from "../helpers/factories";
import { createTestApp, type TestApp } from "../helpers/test-app";

// Open Graph and Twitter card tags, read back from the served pages' <head> by a real HTML
// parser: every value must come back exactly as the data says, however hostile the title.

type Element = DefaultTreeAdapterMap["element"];
type Node = DefaultTreeAdapterMap["node"];

const HOSTILE_TITLE = `Quotes "double" & 'single' <b>not bold</b> </title><script>alert(1)</script>`;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const isElement = (n: Node): n is Element => "tagName" in n;

/** The head's tags: meta by property or name → content; links as they stand. */
function headOf(html: string) {
  const doc = parse(html);
  const htmlEl = doc.childNodes.find(isElement);
  const head = htmlEl?.childNodes.filter(isElement).find((e) => e.tagName === "head");
  if (!head) throw new Error("no head");
  const meta = new Map<string, string[]>();
  const links: Record<string, string>[] = [];
  for (const e of head.childNodes.filter(isElement)) {
    const attrs = Object.fromEntries(e.attrs.map((a) => [a.name, a.value]));
    if (e.tagName === "meta") {
      const key = attrs.property ?? attrs.name;
      if (key) meta.set(key, [...(meta.get(key) ?? []), attrs.content ?? ""]);
    }
    if (e.tagName === "link") links.push(attrs);
  }
  /** The one content of a meta tag (it must occur exactly once). */
  const one = (key: string) => {
    const values = meta.get(key) ?? [];
    expect(values, key).toHaveLength(1);
    return values[0];
  };
  return { meta, links, one };
}

async function paperWithSummary(opts: { anonymous?: boolean; isPrivate?: boolean } = {}) {
  const paper = await makePaper(t.db, { title: HOSTILE_TITLE });
  const abstract = `We show that ${"the long abstract goes on ".repeat(20)}and ends here.`;
  await t.db.updateTable("papers").set({ abstract }).where("id", "=", paper.id).execute();
  const author = await makeUser(t.db, { displayName: `Writer "Quoted" <Name> & Co` });
  const summaryId = await makeSummary(t.db, paper.id, author.id, {
    source: `## Key idea\n\n**Bold** claim with $x^2 < y$ & <i>italic</i> [a link](https://example.org/x).\n\n- one item\n- two items\n\n${"More words follow here. ".repeat(20)}`,
    isAnonymous: opts.anonymous,
    isPrivate: opts.isPrivate,
  });
  return { paper, abstract, author, summaryId };
}

describe("Open Graph and Twitter cards", () => {
  it("on a paper page: its title, the abstract's start, its absolute address", async () => {
    const { paper, abstract } = await paperWithSummary();
    const path = `/paper/arxiv/${paper.arxiv}`;
    const { one, links } = headOf(await t.html(path));
    expect(one("og:site_name")).toBe("ShortScience");
    expect(one("og:type")).toBe("article");
    expect(one("og:title")).toBe(HOSTILE_TITLE);
    expect(one("twitter:title")).toBe(HOSTILE_TITLE);
    expect(one("og:url")).toBe(`http://localhost${path}`);
    expect(one("twitter:card")).toBe("summary");
    const description = one("og:description") ?? "";
    expect(description.length).toBeLessThanOrEqual(SOCIAL_DESCRIPTION_CHARS);
    expect(description.endsWith("…")).toBe(true);
    expect(abstract.startsWith(description.slice(0, -1))).toBe(true);
    expect(one("twitter:description")).toBe(description);
    // Its feeds, for feed readers.
    const feeds = links.filter((l) => l.rel === "alternate");
    expect(feeds.map((l) => [l.type, l.href])).toEqual([
      ["application/rss+xml", `/feeds/rss${path}`],
      ["application/atom+xml", `/feeds/atom${path}`],
    ]);
    expect(feeds[0]?.title).toBe(`Summaries of “${HOSTILE_TITLE}” (RSS)`);
    for (const l of feeds) expect((await t.get(l.href ?? "")).status, l.href).toBe(200);
  });

  it("on a paper without an abstract: the top summary's text", async () => {
    const { paper } = await paperWithSummary();
    await t.db.updateTable("papers").set({ abstract: "" }).where("id", "=", paper.id).execute();
    const { one } = headOf(await t.html(`/paper/arxiv/${paper.arxiv}`));
    expect(one("og:description")).toMatch(/^Key idea Bold claim with \$x\^2 < y\$ & italic a link/);
  });

  it("on a summary's permalink: article, its plain text, its author", async () => {
    const { summaryId, author } = await paperWithSummary();
    const path = `/summary/${summaryId}`;
    const { one } = headOf(await t.html(path));
    const title = `Summary of “${HOSTILE_TITLE}” by Writer "Quoted" <Name> & Co`;
    expect(one("og:type")).toBe("article");
    expect(one("og:title")).toBe(title);
    expect(one("twitter:title")).toBe(title);
    expect(one("og:url")).toBe(`http://localhost${path}`);
    const description = one("og:description") ?? "";
    // Plain text: no Markdown, no tags, no URL targets; the formula as its TeX.
    expect(description).toMatch(
      /^Key idea Bold claim with \$x\^2 < y\$ & italic a link\. one item two items More words/,
    );
    expect(description).not.toMatch(/[*#]|<i>|example\.org|katex/);
    expect(description.length).toBeLessThanOrEqual(SOCIAL_DESCRIPTION_CHARS);
    expect(one("twitter:description")).toBe(description);
    expect(one("description")).toBe(description);
    expect(one("article:published_time")).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(author.username).toBeTruthy();
  });

  it("never names an anonymous summary's author", async () => {
    const { summaryId } = await paperWithSummary({ anonymous: true });
    const html = await t.html(`/summary/${summaryId}`);
    const { meta } = headOf(html);
    for (const [key, values] of meta) {
      for (const v of values) expect(v, key).not.toContain("Quoted");
    }
    expect(meta.get("og:title")?.[0]).toBe(`Summary of “${HOSTILE_TITLE}” by Anonymous`);
  });

  it("a private summary's secret link: noindex, no author and none of its text", async () => {
    const { summaryId } = await paperWithSummary({ isPrivate: true });
    const row = await t.db
      .selectFrom("summaries")
      .select("share_token")
      .where("id", "=", summaryId)
      .executeTakeFirstOrThrow();
    const res = await t.get(`/shared/${row.share_token}`);
    expect(res.status).toBe(200);
    const { meta, one } = headOf(await res.text());
    expect(one("robots")).toBe("noindex");
    expect(one("og:title")).toBe(`Summary of “${HOSTILE_TITLE}”`);
    expect(meta.has("og:url")).toBe(false);
    for (const [key, values] of meta) {
      for (const v of values) {
        expect(v, key).not.toContain("Quoted");
        expect(v, key).not.toContain("Bold claim");
      }
    }
  });
});

describe("feed discovery links", () => {
  it("on the home page and a profile", async () => {
    const user = await makeUser(t.db, { username: "feedy_writer", displayName: "Feedy & Co" });
    const home = headOf(await t.html("/")).links.filter((l) => l.rel === "alternate");
    expect(home.map((l) => l.href)).toEqual(["/feeds/rss/latest", "/feeds/atom/latest"]);
    const profile = headOf(await t.html(`/user/${user.username}`)).links.filter(
      (l) => l.rel === "alternate",
    );
    expect(profile.map((l) => [l.type, l.href, l.title])).toEqual([
      ["application/rss+xml", "/feeds/rss/user/feedy_writer", "Summaries by Feedy & Co (RSS)"],
      ["application/atom+xml", "/feeds/atom/user/feedy_writer", "Summaries by Feedy & Co (Atom)"],
    ]);
    for (const l of [...home, ...profile]) {
      expect((await t.get(l.href ?? "")).status, l.href).toBe(200);
    }
  });
});
