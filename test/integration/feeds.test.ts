// Feeds (issue 11, point 4): the legacy /rss.xml, /rss-all.xml, /rss-full.xml item by item,
// and the RSS and Atom feeds of the latest summaries, a paper, a user and a venue. Every feed
// is read back with a real feed parser (rss-parser) and checked as well-formed XML
// (fast-xml-parser's validator). On SQLite and, with TEST_DATABASE_URL, PostgreSQL.

import { XMLValidator } from "fast-xml-parser";
import { Hono } from "hono";
import RssParser from "rss-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "../../src/core/errors";
import { nowIso } from "../../src/core/time";
import { writeVisible } from "../../src/db/content-version";
import { type FeedItem, renderRss } from "../../src/feeds/feed-format";
import { feedPages } from "../../src/feeds/feeds.pages";
import { legacyChannel, legacyItemBatches } from "../../src/feeds/feeds.service";
import type { AppEnv } from "../../src/http/app-env";
import { addPaperIdentifier, insertPaper } from "../../src/papers/paper-writes.repo";
import { ensureVenues } from "../../src/papers/venues.repo";
import { makePaper, makeSummary, makeUser } from "../helpers/factories";
import { sessionClient } from "../helpers/sessions";
import { createTestApp, type TestApp } from "../helpers/test-app";

type Legacy = {
  "shortscience:arxivid"?: string;
  "shortscience:bibtexkey"?: string;
  "shortscience:votes"?: string;
  author?: string;
  "content:encoded"?: string;
};
const parser = new RssParser<Record<string, unknown>, Legacy>({
  customFields: {
    item: ["shortscience:arxivid", "shortscience:bibtexkey", "shortscience:votes", "author"],
  },
});

const HOSTILE_TITLE =
  "A & B <script>alert(1)</script> ]]> \u0001\u0008\u001F $\\alpha < \\beta$ \uD800 end";
const HOSTILE_CLEAN = "A & B <script>alert(1)</script> ]]>  $\\alpha < \\beta$  end";
const LONG_SOURCE = `${"Résumé ".repeat(70)}see [the code](https://github.com/x/y) and https://example.org/z.`;

let t: TestApp;
type Key =
  | "signed"
  | "anonymous"
  | "private"
  | "lowScore"
  | "deleted"
  | "hidden"
  | "hostile"
  | "doi"
  | "old";
const s = {} as Record<Key, number>;
let alice: { id: number; username: string };
let bob: { id: number; username: string };

async function paperWith(ids: { scheme: string; value: string }[], title: string) {
  const id = await insertPaper(
    t.db,
    {
      fields: {
        title,
        authors: ["Ann"],
        year: 2017,
        venue: null,
        abstract: "",
        categories: [],
        section: "cs",
        arxivVersion: null,
      },
      venueId: null,
    },
    { at: nowIso() },
  );
  for (const i of ids) await addPaperIdentifier(t.db, id, i as never);
  return id;
}

async function setRow(id: number, set: Record<string, unknown>) {
  await t.db.updateTable("summaries").set(set).where("id", "=", id).execute();
}

beforeAll(async () => {
  t = await createTestApp();
  alice = await makeUser(t.db, { username: "alice", displayName: "Alice Ä" });
  bob = await makeUser(t.db, { username: "bob", displayName: "" });
  const p1 = await makePaper(t.db, { title: "Attention Is All You Need", arxiv: "1706.03762" });
  const p2 = await makePaper(t.db, { title: "Second paper", arxiv: "1512.03385" });
  const hostile = await makePaper(t.db, { title: HOSTILE_TITLE, arxiv: "1301.00001" });
  const doiOnly = await paperWith([{ scheme: "doi", value: "10.1145/3065386" }], "A DOI paper");
  const oldArxiv = await paperWith([{ scheme: "arxiv", value: "hep-th/9901001" }], "Old arXiv");
  const venues = await ensureVenues(t.db, [{ key: "nips", name: "NeurIPS" }]);
  await t.db
    .updateTable("papers")
    .set({ venue_id: venues.get("nips") ?? null })
    .where("id", "in", [p1.id, doiOnly])
    .execute();

  s.signed = await makeSummary(t.db, p1.id, alice.id, { source: LONG_SOURCE });
  s.anonymous = await makeSummary(t.db, p1.id, bob.id, {
    source: "Anonymous text, see http://x.org/a.",
    isAnonymous: true,
  });
  s.private = await makeSummary(t.db, p2.id, alice.id, { source: "PRIVATE TEXT", isPrivate: true });
  s.lowScore = await makeSummary(t.db, p2.id, bob.id, { source: "Low score text." });
  s.deleted = await makeSummary(t.db, doiOnly, bob.id, { source: "DELETED TEXT" });
  s.hidden = await makeSummary(t.db, oldArxiv, alice.id, { source: "HIDDEN TEXT" });
  s.hostile = await makeSummary(t.db, hostile.id, bob.id, {
    source: "Hostile <b>bold</b> ]]> & $x$",
  });
  s.doi = await makeSummary(t.db, doiOnly, alice.id, { source: "About a DOI paper." });
  s.old = await makeSummary(t.db, oldArxiv, bob.id, { source: "About an old arXiv paper." });

  // Scores and save times as the legacy rules need them (the test's data, written directly).
  const at = (min: number) => new Date(Date.UTC(2024, 0, 1, 12, min)).toISOString();
  await setRow(s.signed, { score: 5, updated_at: at(9) });
  await setRow(s.anonymous, { score: 3, updated_at: at(8) });
  await setRow(s.private, { score: 9, updated_at: at(7) });
  await setRow(s.lowScore, { score: 1, updated_at: at(6) });
  await setRow(s.deleted, { score: 7, updated_at: at(5), deleted_at: at(5) });
  await setRow(s.hidden, { score: 7, updated_at: at(4), hidden_at: at(4) });
  await setRow(s.hostile, { score: 2, updated_at: at(3) });
  await setRow(s.doi, { score: 4, updated_at: at(2) });
  await setRow(s.old, { score: 6, updated_at: at(1) });
  t.pageCache.clear();
});
afterAll(async () => {
  await t.close();
});

const url = (id: number) => `http://localhost/summary/${id}`;

async function fetchFeed(path: string, type: "rss" | "atom" = "rss") {
  const res = await t.get(path);
  expect(res.status, path).toBe(200);
  expect(res.headers.get("content-type")).toBe(
    type === "rss" ? "application/rss+xml; charset=utf-8" : "application/atom+xml; charset=utf-8",
  );
  const xml = await res.text();
  expect(XMLValidator.validate(xml), path).toBe(true);
  return { xml, feed: await parser.parseString(xml), res };
}

describe("legacy feeds", () => {
  const expected = () => [
    {
      id: s.signed,
      arxivid: "1706.03762",
      bibtexkey: "journals/corr/1706.03762",
      votes: "5",
      title: "Attention Is All You Need",
      author: "Alice Ä",
      minute: 9,
    },
    {
      id: s.anonymous,
      arxivid: "1706.03762",
      bibtexkey: "journals/corr/1706.03762",
      votes: "3",
      title: "Attention Is All You Need",
      author: "Anonymous",
      minute: 8,
    },
    {
      id: s.hostile,
      arxivid: "1301.00001",
      bibtexkey: "journals/corr/1301.00001",
      votes: "2",
      title: HOSTILE_CLEAN,
      author: "bob",
      minute: 3,
    },
    {
      id: s.doi,
      arxivid: undefined,
      bibtexkey: "10.1145/3065386",
      votes: "4",
      title: "A DOI paper",
      author: "Alice Ä",
      minute: 2,
    },
    {
      id: s.old,
      arxivid: "hep-th/9901001",
      bibtexkey: "hep-th/9901001",
      votes: "6",
      title: "Old arXiv",
      author: "bob",
      minute: 1,
    },
  ];

  it.each(["/rss.xml", "/rss-all.xml", "/rss-full.xml"])(
    "%s: listed summaries with score > 1, newest save first, field by field",
    async (path) => {
      const { feed, xml } = await fetchFeed(path);
      expect(xml).toContain('xmlns:shortscience="http://localhost"');
      expect(feed.items.map((i) => i.guid)).toEqual(expected().map((e) => url(e.id)));
      for (const [n, e] of expected().entries()) {
        const item = feed.items[n];
        expect(item?.["shortscience:arxivid"]).toBe(e.arxivid);
        expect(item?.["shortscience:bibtexkey"]).toBe(e.bibtexkey);
        expect(item?.["shortscience:votes"]).toBe(e.votes);
        expect(item?.title?.replace(/\uFFFD/g, "")).toBe(e.title);
        expect(item?.author).toBe(e.author);
        expect(item?.link).toBe(url(e.id));
        expect(item?.pubDate).toBe(new Date(Date.UTC(2024, 0, 1, 12, e.minute)).toUTCString());
      }
      for (const secret of ["PRIVATE TEXT", "DELETED TEXT", "HIDDEN TEXT", "Low score text"]) {
        expect(xml).not.toContain(secret);
      }
      // The anonymous summary's author is named nowhere in its item.
      const anon = xml.split("<item>").find((i) => i.includes(url(s.anonymous))) ?? "";
      expect(anon).toContain("<author>Anonymous</author>");
      expect(anon).not.toContain("bob");
    },
  );

  it("describes with the Markdown's first 500 characters, URLs removed; rss-full in full", async () => {
    const whole = `${"Résumé ".repeat(70)}see the code and .`;
    expect(Array.from(whole).length).toBeGreaterThan(500);
    const short = (await fetchFeed("/rss.xml")).feed.items[0];
    const expectedShort = `${Array.from(whole).slice(0, 500).join("")}...`;
    expect(short?.content).toBe(expectedShort);
    const all = (await fetchFeed("/rss-all.xml")).feed.items;
    expect(all[0]?.content).toBe(expectedShort);
    expect(all[1]?.content).toBe("Anonymous text, see .");
    const full = (await fetchFeed("/rss-full.xml")).feed.items;
    expect(full[0]?.content).toBe(whole);
    // rss-full also carries the stored HTML.
    expect(full[0]?.["content:encoded"]).toContain("<p>");
  });

  it("gives bibtex keys that the original's /paper?bibtexKey= address resolves", async () => {
    const { feed } = await fetchFeed("/rss-all.xml");
    for (const item of feed.items) {
      const key = item["shortscience:bibtexkey"] ?? "";
      const res = await t.get(`/paper?bibtexKey=${encodeURIComponent(key)}`);
      expect(res.status, key).toBe(301);
      expect(res.headers.get("location")).toMatch(/^\/paper\//);
    }
  });

  it("rss.xml holds the newest 100; rss-all.xml holds them all", async () => {
    const t2 = await createTestApp();
    try {
      const u = await makeUser(t2.db);
      const ids: number[] = [];
      for (let i = 0; i < 102; i++) {
        const p = await makePaper(t2.db);
        ids.push(await makeSummary(t2.db, p.id, u.id, { source: `Summary number ${i}.` }));
      }
      await t2.db.updateTable("summaries").set({ score: 2 }).execute();
      for (const [i, id] of ids.entries()) {
        await t2.db
          .updateTable("summaries")
          .set({ updated_at: new Date(Date.UTC(2024, 1, 1, 0, i)).toISOString() })
          .where("id", "=", id)
          .execute();
      }
      t2.pageCache.clear();
      const recent = await parser.parseString(await (await t2.get("/rss.xml")).text());
      const all = await parser.parseString(await (await t2.get("/rss-all.xml")).text());
      const newestFirst = ids.map(url).reverse();
      expect(recent.items.map((i) => i.guid)).toEqual(newestFirst.slice(0, 100));
      expect(all.items.map((i) => i.guid)).toEqual(newestFirst);
    } finally {
      await t2.close();
    }
  });
});

describe("RSS and Atom feeds", () => {
  const feeds = (path: string) => [`/feeds/rss/${path}`, `/feeds/atom/${path}`];

  it.each([
    ...feeds("latest").map((p) => [p, "latest"]),
    ...feeds("paper/arxiv/1706.03762").map((p) => [p, "paper"]),
    ...feeds("user/alice").map((p) => [p, "user"]),
    ...feeds("user/bob").map((p) => [p, "bob"]),
    ...feeds("venue/nips").map((p) => [p, "venue"]),
  ])("%s lists what it should, and nothing unlisted", async (path, scope) => {
    const atom = path.startsWith("/feeds/atom/");
    const { feed, xml } = await fetchFeed(path, atom ? "atom" : "rss");
    const want = {
      latest: [s.signed, s.anonymous, s.lowScore, s.hostile, s.doi, s.old],
      paper: [s.signed, s.anonymous],
      user: [s.signed, s.doi],
      // bob's feed: his signed summaries only, never his anonymous one.
      bob: [s.lowScore, s.hostile, s.old],
      venue: [s.signed, s.anonymous, s.doi],
    }[scope as "latest"];
    expect(feed.items.map((i) => i.guid ?? (i as { id?: string }).id)).toEqual(want.map(url));
    for (const item of feed.items) expect(item.link).toBe(url(Number(item.link?.split("/").pop())));
    for (const secret of ["PRIVATE TEXT", "DELETED TEXT", "HIDDEN TEXT"]) {
      expect(xml).not.toContain(secret);
    }
    const self = atom
      ? /<link rel="self" type="application\/atom\+xml" href="([^"]+)"/.exec(xml)
      : /<atom:link href="([^"]+)" rel="self"/.exec(xml);
    expect(self?.[1]).toMatch(/^http:\/\/localhost\/feeds\//);
  });

  it("names an anonymous summary's author 'Anonymous', in RSS and Atom", async () => {
    const rss = await fetchFeed("/feeds/rss/paper/arxiv/1706.03762");
    const atom = await fetchFeed("/feeds/atom/paper/arxiv/1706.03762", "atom");
    expect(rss.feed.items.map((i) => i.creator)).toEqual(["Alice Ä", "Anonymous"]);
    expect(atom.xml).toContain("<author><name>Anonymous</name></author>");
    expect(atom.xml.match(/bob/g)).toBeNull();
    // Dates: RFC 822 in RSS, RFC 3339 in Atom.
    expect(rss.xml).toContain("<pubDate>Mon, 01 Jan 2024 12:09:00 GMT</pubDate>");
    expect(atom.xml).toContain("<updated>2024-01-01T12:09:00Z</updated>");
  });

  it("keeps a hostile title readable: escaped markup, no forbidden characters", async () => {
    for (const path of ["/feeds/rss/latest", "/feeds/atom/latest", "/rss-full.xml"]) {
      const { feed, xml } = await fetchFeed(path, path.includes("atom") ? "atom" : "rss");
      expect(xml).not.toContain("<script>");
      const controls = Array.from(xml).filter((ch) => {
        const code = ch.codePointAt(0) ?? 0;
        return code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d;
      });
      expect(controls).toEqual([]);
      // The database may store the lone surrogate as U+FFFD (valid XML): only that may differ.
      const title = feed.items.find((i) => i.title?.startsWith("A & B"))?.title;
      expect(title?.replace(/\uFFFD/g, "")).toBe(HOSTILE_CLEAN);
    }
  });

  it("answers 404 for an unknown paper, user or venue, and a bad format", async () => {
    for (const path of [
      "/feeds/rss/paper/arxiv/9999.99999",
      "/feeds/atom/user/nobody-here",
      "/feeds/rss/venue/no-such-venue",
      "/feeds/json/latest",
    ]) {
      expect((await t.get(path)).status, path).toBe(404);
    }
  });
});

describe("search feeds", () => {
  it("hold the summaries a search finds, keyed by the query in the cache; nothing unlisted", async () => {
    const p1 = await makePaper(t.db);
    const p2 = await makePaper(t.db);
    const p3 = await makePaper(t.db);
    const tiling = await makeSummary(t.db, p1.id, alice.id, {
      source: "Penrose tessellation in depth.",
    });
    const holonomy = await makeSummary(t.db, p2.id, bob.id, {
      source: "Holonomy of flat bundles.",
    });
    await makeSummary(t.db, p3.id, bob.id, {
      source: "Private tessellation notes.",
      isPrivate: true,
    });
    const ids = async (path: string, type: "rss" | "atom") =>
      (await fetchFeed(path, type)).feed.items.map((i) => i.guid ?? (i as { id?: string }).id);
    // Twice each, in turns: the second answers come from the page cache, under their own key.
    for (let round = 0; round < 2; round++) {
      expect(await ids("/feeds/rss/search?q=tessellation", "rss")).toEqual([url(tiling)]);
      expect(await ids("/feeds/atom/search?q=holonomy", "atom")).toEqual([url(holonomy)]);
    }
    const res = await t.get("/feeds/rss/search");
    expect(res.status).toBe(400);
  });
});

describe("caching", () => {
  it("sends ETag and Last-Modified (when the bytes were made) and answers 304", async () => {
    t.pageCache.clear();
    const made = Math.floor(Date.now() / 1000) * 1000;
    const first = await t.get("/rss.xml");
    const etag = first.headers.get("etag") ?? "";
    const lastModified = first.headers.get("last-modified") ?? "";
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(Date.parse(lastModified)).toBeGreaterThanOrEqual(made);
    expect(Date.parse(lastModified)).toBeLessThanOrEqual(Date.now());
    expect(t.pageCache.stats().entries).toBeGreaterThan(0);
    const second = await t.get("/rss.xml");
    expect(second.headers.get("etag")).toBe(etag);
    expect((await t.get("/rss.xml", { "If-None-Match": etag })).status).toBe(304);
    expect((await t.get("/rss.xml", { "If-None-Match": '"other"' })).status).toBe(200);
    expect((await t.get("/rss.xml", { "If-Modified-Since": lastModified })).status).toBe(304);
    const earlier = new Date(Date.parse(lastModified) - 60_000).toUTCString();
    expect((await t.get("/rss.xml", { "If-Modified-Since": earlier })).status).toBe(200);
    // If-None-Match decides over If-Modified-Since.
    const both = { "If-None-Match": '"other"', "If-Modified-Since": lastModified };
    expect((await t.get("/rss.xml", both)).status).toBe(200);
  });

  it("answers 304 to a logged-in reader too, by the ETag (the page cache doesn't serve them)", async () => {
    const { client } = await sessionClient(t);
    const first = await client.get("/feeds/atom/latest");
    const etag = first.headers.get("etag") ?? "";
    expect(first.status).toBe(200);
    expect((await client.get("/feeds/atom/latest", { "If-None-Match": etag })).status).toBe(304);
    const lm = first.headers.get("last-modified") ?? "";
    expect((await client.get("/feeds/atom/latest", { "If-Modified-Since": lm })).status).toBe(200);
  });

  it("after an older item is hidden: a new ETag, a Last-Modified no earlier, the item gone", async () => {
    const p = await makePaper(t.db, { title: "Soon hidden" });
    const id = await makeSummary(t.db, p.id, alice.id, { source: "Hidden later." });
    const newer = await makePaper(t.db, { title: "Newer" });
    await makeSummary(t.db, newer.id, alice.id, { source: "The newest." });
    const first = await t.get("/feeds/rss/latest");
    expect(await first.text()).toContain(url(id));
    const etag = first.headers.get("etag") ?? "";
    const lm = Date.parse(first.headers.get("last-modified") ?? "");
    // Hidden as moderators do: one write through writeVisible.
    await writeVisible(t.db, (trx) =>
      trx
        .updateTable("summaries")
        .set({ hidden_at: new Date().toISOString() })
        .where("id", "=", id)
        .execute(),
    );
    const again = await t.get("/feeds/rss/latest", { "If-None-Match": etag });
    expect(again.status).toBe(200);
    expect(again.headers.get("etag")).not.toBe(etag);
    expect(Date.parse(again.headers.get("last-modified") ?? "")).toBeGreaterThanOrEqual(lm);
    expect(await again.text()).not.toContain(url(id));
  });

  it("shows a new summary after it is published (the write moves the content version)", async () => {
    const before = await t.get("/feeds/rss/latest");
    const etag = before.headers.get("etag") ?? "";
    const p = await makePaper(t.db, { title: "Fresh paper" });
    const id = await makeSummary(t.db, p.id, alice.id, { source: "Fresh summary." });
    const after = await t.get("/feeds/rss/latest", { "If-None-Match": etag });
    expect(after.status).toBe(200);
    expect(await after.text()).toContain(url(id));
    await t.db.deleteFrom("summary_revisions").where("summary_id", "=", id).execute();
    await t.db.deleteFrom("summaries").where("id", "=", id).execute();
    t.pageCache.clear();
  });
});

describe("streamed legacy feeds: rss-all.xml and rss-full.xml", () => {
  let t3: TestApp;
  const newestFirst: number[] = [];

  /** The feed routes alone, with a small legacy batch size, on t3's database. */
  function smallFeeds(legacyBatchSize: number) {
    const app = new Hono<AppEnv>();
    app.use(async (c, next) => {
      c.set("deps", t3.deps);
      await next();
    });
    app.route("/", feedPages({ legacyBatchSize }));
    app.onError((error, c) =>
      c.text(String(error), error instanceof DomainError && error.code === "not_found" ? 404 : 500),
    );
    return (path: string) => app.request(`http://localhost${path}`);
  }

  async function chunksOf(res: Response): Promise<Uint8Array[]> {
    const reader = res.body?.getReader();
    if (!reader) throw new Error("no body");
    const chunks: Uint8Array[] = [];
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return chunks;
      chunks.push(value);
    }
  }

  beforeAll(async () => {
    t3 = await createTestApp();
    const u = await makeUser(t3.db);
    const rows: { id: number; minute: number }[] = [];
    for (let i = 0; i < 7; i++) {
      const p = await makePaper(t3.db);
      const id = await makeSummary(t3.db, p.id, u.id, { source: `Streamed number ${i}.` });
      // Pairs share a save time, so a batch boundary falls inside a tie (the keyset's id).
      rows.push({ id, minute: Math.floor(i / 2) });
      await t3.db
        .updateTable("summaries")
        .set({
          score: 2,
          updated_at: new Date(Date.UTC(2024, 2, 1, 0, rows.at(-1)?.minute ?? 0)).toISOString(),
        })
        .where("id", "=", id)
        .execute();
    }
    const low = await makeSummary(t3.db, (await makePaper(t3.db)).id, u.id, { source: "LOW" });
    await t3.db.updateTable("summaries").set({ score: 1 }).where("id", "=", low).execute();
    rows.sort((a, b) => b.minute - a.minute || b.id - a.id);
    newestFirst.push(...rows.map((r) => r.id));
    t3.pageCache.clear();
  });
  afterAll(async () => {
    await t3.close();
  });

  it.each(["rss-all", "rss-full"] as const)(
    "/%s.xml arrives in several chunks, every item once, the same bytes as built whole",
    async (kind) => {
      const get = smallFeeds(3);
      const res = await get(`/${kind}.xml`);
      expect(res.status).toBe(200);
      const chunks = await chunksOf(res);
      // Head, three batches (3 + 3 + 1 items), tail.
      expect(chunks.length).toBe(5);
      const body = new TextDecoder().decode(Buffer.concat(chunks));
      expect(XMLValidator.validate(body)).toBe(true);
      const guids = (await parser.parseString(body)).items.map((i) => i.guid);
      expect(guids).toEqual(newestFirst.map(url));
      expect(new Set(guids).size).toBe(7);
      expect(body).not.toContain("LOW");
      // The production batch size (one batch here) writes the same bytes through the app...
      expect(await (await t3.get(`/${kind}.xml`)).text()).toBe(body);
      // ...and so does the whole-feed renderer the other feeds use, given every item at once.
      const items: FeedItem[] = [];
      for await (const b of legacyItemBatches(t3.db, "http://localhost", kind, 1000)) {
        items.push(...b);
      }
      const opts = { legacyNamespace: "http://localhost", fullHtml: kind === "rss-full" };
      expect(renderRss(legacyChannel("http://localhost", kind), items, opts)).toBe(body);
    },
  );

  it("parallel readers each get the whole feed", async () => {
    const get = smallFeeds(2);
    const bodies = await Promise.all(
      Array.from({ length: 6 }, (_, i) => get(i % 2 ? "/rss-full.xml" : "/rss-all.xml")),
    ).then((all) => Promise.all(all.map((r) => r.text())));
    for (const body of bodies) {
      const guids = (await parser.parseString(body)).items.map((i) => i.guid);
      expect(guids).toEqual(newestFirst.map(url));
    }
    expect(new Set(bodies).size).toBe(2);
  });

  it("sends a weak ETag (no page cache copy), answers 304 by it, and a new one after a write", async () => {
    t3.pageCache.clear();
    const made = Math.floor(Date.now() / 1000) * 1000;
    const first = await t3.get("/rss-all.xml");
    const etag = first.headers.get("etag") ?? "";
    expect(etag).toMatch(/^W\/"rss-all-[\w-]+"$/);
    expect(first.headers.get("cache-control")).toContain("no-store");
    expect(Date.parse(first.headers.get("last-modified") ?? "")).toBeGreaterThanOrEqual(made);
    await first.text();
    expect(t3.pageCache.stats().entries).toBe(0);
    const full = (await t3.get("/rss-full.xml")).headers.get("etag");
    expect(full).not.toBe(etag);
    const hit = await t3.get("/rss-all.xml", { "If-None-Match": etag });
    expect(hit.status).toBe(304);
    expect(await hit.text()).toBe("");
    expect((await t3.get("/rss-all.xml", { "If-None-Match": '"other"' })).status).toBe(200);
    // A logged-in reader is answered the same way (the page cache never sees them).
    const { client } = await sessionClient(t3);
    expect((await client.get("/rss-all.xml", { "If-None-Match": etag })).status).toBe(304);
    // A vote moves an older item's score: the same newest item, but a new tag and new bytes.
    const oldest = newestFirst.at(-1) ?? 0;
    await writeVisible(t3.db, (trx) =>
      trx.updateTable("summaries").set({ score: 8 }).where("id", "=", oldest).execute(),
    );
    const after = await t3.get("/rss-all.xml", { "If-None-Match": etag });
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(etag);
    expect(await after.text()).toContain("<shortscience:votes>8</shortscience:votes>");
    expect(t3.pageCache.stats().entries).toBe(0);
  });
});
