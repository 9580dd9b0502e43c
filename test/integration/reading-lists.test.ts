import { HtmlValidate } from "html-validate";
import Parser from "rss-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  RATE_LIMITS,
  READING_LIST_ITEMS_MAX,
  READING_LIST_NAME_MAX_CHARS,
  READING_LIST_NOTE_MAX_CHARS,
  READING_LISTS_PER_USER_MAX,
} from "../../src/core/limits";
import { createClient, type TestClient } from "../helpers/client";
import { makePaper, makeSummary, makeUser } from "../helpers/factories";
import { sessionClient } from "../helpers/sessions";
import { createTestApp, type TestApp } from "../helpers/test-app";

// Issue 11, point 7: reading lists through the routes, on SQLite or (TEST_DATABASE_URL)
// PostgreSQL. The same races from two server processes: reading-lists-concurrency.test.ts.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

async function newList(client: TestClient, name: string, isPublic: boolean) {
  const res = await client.post("/lists", {
    name,
    description: "Papers to read",
    ...(isPublic ? { public: "1" } : {}),
  });
  expect(res.status).toBe(303);
  const path = res.headers.get("Location") ?? "";
  const slug = path.split("/").pop() ?? "";
  const row = await t.db
    .selectFrom("reading_lists")
    .select("id")
    .where("slug", "=", slug)
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  return { id: row.id, path };
}

async function add(client: TestClient, listId: number, paperId: number, note = "") {
  return client.post("/lists/add", { paper: String(paperId), list: String(listId), note });
}

async function order(listId: number) {
  const rows = await t.db
    .selectFrom("reading_list_items")
    .select(["paper_id", "position", "note"])
    .where("list_id", "=", listId)
    .orderBy("position")
    .execute();
  return rows;
}

describe("reading lists", () => {
  it("create, rename (new address), make private, delete", async () => {
    const { client, account } = await sessionClient(t);
    const { id, path } = await newList(client, "Graph Networks (2024)", true);
    expect(path).toBe(`/user/${account.username}/lists/graph-networks-2024`);
    expect((await client.get(path)).status).toBe(200);
    expect(client.lastHtml).toContain("Graph Networks (2024)");
    // A second list of the same name gets its own address.
    const second = await newList(client, "Graph networks 2024", false);
    expect(second.path).toBe(`/user/${account.username}/lists/graph-networks-2024-2`);

    const renamed = await client.post(`/lists/${id}/edit`, {
      name: "Message passing",
      description: "",
    });
    expect(renamed.status).toBe(303);
    const newPath = `/user/${account.username}/lists/message-passing`;
    expect(renamed.headers.get("Location")).toBe(newPath);
    expect((await t.get(path)).status).toBe(404);
    // Private now (no "public" field): a 404 for everyone but the owner.
    expect((await t.get(newPath)).status).toBe(404);
    expect((await client.get(newPath)).status).toBe(200);

    const index = await client.get(`/user/${account.username}/lists`);
    expect(index.status).toBe(200);
    expect(client.lastHtml).toContain("Message passing");

    expect((await client.post(`/lists/${id}/delete`, {})).status).toBe(400);
    const gone = await client.post(`/lists/${id}/delete`, { confirm: "1" });
    expect(gone.status).toBe(303);
    expect((await client.get(newPath)).status).toBe(404);
  });

  it("add with a note, edit the note, reorder, remove: positions stay 0…n−1", async () => {
    const { client } = await sessionClient(t);
    const { id, path } = await newList(client, "Reading group", true);
    const papers = await Promise.all([1, 2, 3, 4].map(() => makePaper(t.db)));
    for (const [i, p] of papers.entries()) {
      const res = await add(client, id, p.id, `note ${i}`);
      expect(res.status).toBe(303);
      expect(res.headers.get("Location")).toBe(`${path}#paper-${p.id}`);
    }
    const ids = papers.map((p) => p.id);
    expect((await order(id)).map((r) => [r.paper_id, r.position])).toEqual(
      ids.map((p, i) => [p, i]),
    );
    // Adding again changes nothing.
    expect((await add(client, id, ids[0] as number, "again")).status).toBe(303);
    expect((await order(id)).length).toBe(4);

    const base = `/lists/${id}/items`;
    expect((await client.post(`${base}/${ids[2]}/move`, { direction: "up" })).status).toBe(303);
    expect((await client.post(`${base}/${ids[0]}/move`, { direction: "up" })).status).toBe(303);
    expect((await client.post(`${base}/${ids[3]}/move`, { direction: "down" })).status).toBe(303);
    expect((await client.post(`${base}/${ids[0]}/move`, { direction: "sideways" })).status).toBe(
      400,
    );
    expect((await order(id)).map((r) => r.paper_id)).toEqual([ids[0], ids[2], ids[1], ids[3]]);

    expect((await client.post(`${base}/${ids[1]}/note`, { note: "Read §3 first" })).status).toBe(
      303,
    );
    expect((await client.post(`${base}/${ids[2]}/remove`, {})).status).toBe(303);
    const after = await order(id);
    expect(after.map((r) => [r.paper_id, r.position])).toEqual([
      [ids[0], 0],
      [ids[1], 1],
      [ids[3], 2],
    ]);
    expect(after[1]?.note).toBe("Read §3 first");

    const html = await t.html(path);
    expect(html).toContain("Read §3 first");
    expect(html).not.toContain('name="_csrf"'); // no owner forms for readers
    expect(html).toContain(`href="${path}.rss"`);
  });

  it("in-process parallel adds of one paper give one item; parallel moves keep a permutation", async () => {
    const { client } = await sessionClient(t);
    const { id } = await newList(client, "Races", false);
    const paper = await makePaper(t.db);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => add(client, id, paper.id, "x")),
    );
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 303));
    expect((await order(id)).length).toBe(1);

    const more = await Promise.all([1, 2, 3, 4, 5].map(() => makePaper(t.db)));
    for (const p of more) await add(client, id, p.id);
    const moves = await Promise.all(
      [...more, paper].flatMap((p, i) => [
        client.post(`/lists/${id}/items/${p.id}/move`, { direction: i % 2 ? "up" : "down" }),
        client.post(`/lists/${id}/items/${p.id}/move`, { direction: "up" }),
      ]),
    );
    expect(moves.every((r) => r.status === 303)).toBe(true);
    expect((await order(id)).map((r) => r.position)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("private lists, their feeds and exports are 404 for other users and anonymous readers", async () => {
    const { client, account } = await sessionClient(t);
    const other = await sessionClient(t);
    const { id, path } = await newList(client, "Secret", false);
    const paper = await makePaper(t.db);
    await add(client, id, paper.id, "mine");
    for (const suffix of ["", ".rss", ".atom", ".bib", ".csv"]) {
      expect((await t.get(`${path}${suffix}`)).status, `anonymous ${suffix}`).toBe(404);
      expect((await other.client.get(`${path}${suffix}`)).status, `other ${suffix}`).toBe(404);
    }
    // The owner reads it and its exports, not a feed (feeds are for public lists).
    expect((await client.get(path)).status).toBe(200);
    expect((await client.get(`${path}.bib`)).status).toBe(200);
    expect((await client.get(`${path}.rss`)).status).toBe(404);
    // Others see only public lists in the index; they cannot change someone else's list.
    expect(await t.html(`/user/${account.username}/lists`)).not.toContain("Secret");
    const base = `/lists/${id}/items/${paper.id}`;
    expect((await other.client.post(`${base}/note`, { note: "hi" })).status).toBe(404);
    expect((await other.client.post(`${base}/remove`, {})).status).toBe(404);
    expect((await other.client.post(`/lists/${id}/delete`, { confirm: "1" })).status).toBe(404);
    expect((await add(other.client, id, paper.id)).status).toBe(404);
    expect((await order(id))[0]?.note).toBe("mine");
    // Logged out: no add form (a login link), and a POST is refused.
    const anon = createClient(t);
    expect((await anon.post("/lists", { name: "x" })).status).toBe(403);
    const addPage = await anon.get(`/lists/add?paper=${paper.id}`);
    expect(addPage.status).toBe(303);
    expect(addPage.headers.get("Location")).toContain("/login?next=");
  });

  it("bounds: long names and notes, NUL bytes, too many items and lists", async () => {
    const { client, account } = await sessionClient(t);
    const long = "x".repeat(READING_LIST_NAME_MAX_CHARS + 1);
    const refused = await client.post("/lists", { name: long });
    expect(refused.status).toBe(400);
    expect(client.lastHtml).toContain(`at most ${READING_LIST_NAME_MAX_CHARS} characters`);
    expect((await client.post("/lists", { name: "  " })).status).toBe(400);
    const nul = await client.post("/lists", { name: "a\u0000b" });
    expect(nul.status).toBe(400);
    expect((await client.post("/lists", { name: "bell\u0007" })).status).toBe(400);

    const { id } = await newList(client, "Bounded", false);
    const paper = await makePaper(t.db);
    const noteTooLong = "n".repeat(READING_LIST_NOTE_MAX_CHARS + 1);
    expect((await add(client, id, paper.id, noteTooLong)).status).toBe(400);
    expect((await add(client, id, 999_999_999, "")).status).toBe(404);
    expect((await client.post("/lists/add", { paper: "abc", list: String(id) })).status).toBe(400);

    // Fill the list to its bound directly, then one more through the route.
    const fillers = await Promise.all(
      Array.from({ length: READING_LIST_ITEMS_MAX }, () => makePaper(t.db)),
    );
    await t.db
      .insertInto("reading_list_items")
      .values(
        fillers.map((p, i) => ({
          list_id: id,
          paper_id: p.id,
          position: i,
          added_at: "2024-01-01T00:00:00.000Z",
        })),
      )
      .execute();
    const full = await add(client, id, paper.id);
    expect(full.status).toBe(409);
    expect(client.lastHtml).toContain("the most a list can");

    const now = new Date().toISOString();
    const existing = await t.db
      .selectFrom("reading_lists")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("user_id", "=", account.id)
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("reading_lists")
      .values(
        Array.from({ length: READING_LISTS_PER_USER_MAX - Number(existing.n) }, (_, i) => ({
          user_id: account.id,
          name: `filler ${i}`,
          slug: `filler-${i}`,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    expect((await client.post("/lists", { name: "One too many" })).status).toBe(409);
  }, 60_000);

  it("the feed parses; BibTeX and CSV hold the papers, notes and dates", async () => {
    const { client, account } = await sessionClient(t);
    const { id, path } = await newList(client, "Exported", true);
    const author = await makeUser(t.db);
    const a = await makePaper(t.db, { title: 'Commas, "quotes" and\nlines', arxiv: "1707.04585" });
    const b = await makePaper(t.db, { title: "Second & <last>" });
    const top = await makeSummary(t.db, b.id, author.id);
    await add(client, id, a.id, 'A note, with "quotes"\nand two lines');
    await add(client, id, b.id, "");

    const page = await t.html(path);
    expect(page).toContain(`href="/summary/${top}"`);

    const rss = await t.get(`${path}.rss`);
    expect(rss.status).toBe(200);
    expect(rss.headers.get("Content-Type")).toContain("application/rss+xml");
    const feed = await new Parser().parseString(await rss.text());
    expect(feed.title).toContain("Exported");
    expect(feed.items.map((i) => i.title)).toEqual([
      'Commas, "quotes" and\nlines',
      "Second & <last>",
    ]);
    expect(feed.items[0]?.link).toBe("http://localhost/paper/arxiv/1707.04585");
    expect(feed.items[0]?.content).toContain('A note, with "quotes"');
    const atom = await t.get(`${path}.atom`);
    expect(atom.status).toBe(200);
    const atomFeed = await new Parser().parseString(await atom.text());
    expect(atomFeed.items.length).toBe(2);

    const bib = await t.get(`${path}.bib`);
    expect(bib.headers.get("Content-Disposition")).toBe('attachment; filename="exported.bib"');
    const bibText = await bib.text();
    expect(bibText.match(/^@\w+\{/gm)?.length).toBe(2);
    expect(bibText).toContain("eprint = {1707.04585}");

    const csv = await t.get(`${path}.csv`);
    expect(csv.headers.get("Content-Type")).toContain("text/csv");
    expect(csv.headers.get("Content-Disposition")).toBe('attachment; filename="exported.csv"');
    const text = await csv.text();
    const lines = text.split("\r\n");
    expect(lines[0]).toBe("title,authors,year,venue,identifier,url,note,added");
    expect(text).toContain(
      '"Commas, ""quotes"" and\nlines",Ada Author; Bo Writer,2020,,1707.04585,http://localhost/paper/arxiv/1707.04585,"A note, with ""quotes""\nand two lines",',
    );
    expect(text.endsWith("\r\n")).toBe(true);
    void account;
  });
});

describe("reading list writes are guarded", () => {
  it("a POST without the form token is refused; past the rate limit, 429", async () => {
    const { client, account } = await sessionClient(t);
    const noToken = await client.post("/lists", { name: "x", _csrf: "" });
    expect(noToken.status).toBe(403);
    const { max, windowMs } = RATE_LIMITS.readingListWritePerUser;
    // The limit is used up in this window and the next (a test that crosses a boundary).
    const start = Math.floor(Date.now() / windowMs) * windowMs;
    await t.db
      .insertInto("rate_limits")
      .values(
        [start, start + windowMs].map((w) => ({
          bucket: `readingListWritePerUser:${account.id}`,
          window_start: w,
          hits: max,
        })),
      )
      .execute();
    const limited = await client.post("/lists", { name: "One more" });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toMatch(/^\d+$/);
    expect(client.lastHtml).toContain('value="One more"');
  });
});

describe("BibTeX export keys", () => {
  it("two papers with the same key get distinct ones", async () => {
    const { client } = await sessionClient(t);
    const { id, path } = await newList(client, "Same keys", true);
    for (const title of ["Attention please", "Attention again"]) {
      await add(client, id, (await makePaper(t.db, { title })).id);
    }
    const bib = await (await t.get(`${path}.bib`)).text();
    expect(bib.match(/^@\w+\{[^,]+,/gm)).toEqual([
      "@misc{author2020attention,",
      "@misc{author2020attention-2,",
    ]);
  });
});

describe("reading lists beside the rest of the site", () => {
  it("the paper page offers the add form to its reader, a login link to anyone else", async () => {
    const paper = await makePaper(t.db, { arxiv: "2101.00001" });
    const anonymous = await t.html("/paper/arxiv/2101.00001");
    expect(anonymous).toContain(
      `/login?next=${encodeURIComponent(`/lists/add?paper=${paper.id}`)}`,
    );
    const { client } = await sessionClient(t);
    await client.get("/paper/arxiv/2101.00001");
    expect(client.lastHtml).toContain('action="/lists/add"');
    expect(client.lastHtml).toContain("Add to reading list");
  });

  it("a cached public list page and feed change when the owner changes the list", async () => {
    const { client } = await sessionClient(t);
    const { id, path } = await newList(client, "Cached", true);
    const paper = await makePaper(t.db);
    await add(client, id, paper.id, "first note");
    expect(await t.html(path)).toContain("first note");
    expect(await (await t.get(`${path}.rss`)).text()).toContain("first note");
    await client.post(`/lists/${id}/items/${paper.id}/note`, { note: "second note" });
    expect(await t.html(path)).toContain("second note");
    expect(await (await t.get(`${path}.rss`)).text()).toContain("second note");
    // Made private: gone for the public at once, not served from the cache.
    await client.post(`/lists/${id}/edit`, { name: "Cached", description: "" });
    expect((await t.get(path)).status).toBe(404);
    expect((await t.get(`${path}.rss`)).status).toBe(404);
  });
});

describe("reading list pages are valid HTML5", () => {
  const validator = new HtmlValidate({
    extends: ["html-validate:standard"],
    rules: { "no-inline-style": "off", "unrecognized-char-ref": "off" },
  });
  it("the index, the list (owner and reader) and the add form", async () => {
    const { client, account } = await sessionClient(t);
    const { id, path } = await newList(client, "Valid", true);
    const paper = await makePaper(t.db);
    await add(client, id, paper.id, "a note");
    const pages: [string, string][] = [];
    for (const p of [`/user/${account.username}/lists`, path, `/lists/add?paper=${paper.id}`]) {
      expect((await client.get(p)).status).toBe(200);
      pages.push([`owner ${p}`, client.lastHtml]);
    }
    pages.push(["reader list", await t.html(path)]);
    pages.push(["reader index", await t.html(`/user/${account.username}/lists`)]);
    for (const [name, html] of pages) {
      const report = await validator.validateString(html);
      const messages = report.results.flatMap((r) =>
        r.messages.map((m) => `${m.ruleId}: ${m.message} (line ${m.line}:${m.column})`),
      );
      expect(messages, name).toEqual([]);
    }
  });
});
