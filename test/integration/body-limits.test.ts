import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setRole } from "../../src/auth/admin.service";
import {
  FORM_MAX_BYTES,
  PAPER_ABSTRACT_MAX_CHARS,
  PAPER_AUTHOR_MAX_CHARS,
  PAPER_AUTHORS_MAX,
  PAPER_DETAILS_FORM_MAX_BYTES,
  PAPER_TYPED_TITLE_MAX_CHARS,
  SUMMARY_FORM_MAX_BYTES,
  SUMMARY_MAX_BYTES,
  SUMMARY_MAX_HTML_BYTES,
} from "../../src/core/limits";
import { makePaper } from "../helpers/factories";
import { type RawRequest, rawRequest, serveFetch } from "../helpers/raw-http";
import { type RecordingLogger, recordingLogger } from "../helpers/recording-logger";
import { cookieHeader, sessionClient } from "../helpers/sessions";
import { createTestApp, type TestApp } from "../helpers/test-app";

// Request bodies are bounded before anything reads them (the CSRF check included), over real
// HTTP: declared by Content-Length, or streamed without one. Run on SQLite and PostgreSQL.

/** Generous: a refused body must be answered at once, not after reading it. */
const BOUND_MS = 5_000;
const STREAMED = 50 * 1024 * 1024;
/** What the client may have written before the answer: the limit plus socket buffers. */
const MAX_SENT_BEFORE_ANSWER = 16 * 1024 * 1024;

let t: TestApp;
let log: RecordingLogger;
let server: { url: string; close(): Promise<void> };
beforeAll(async () => {
  log = recordingLogger();
  t = await createTestApp({ logger: log.logger });
  server = await serveFetch(t.fetch);
});
afterAll(async () => {
  await server.close();
  await t.close();
});

async function send(r: RawRequest) {
  const started = performance.now();
  const res = await rawRequest(server.url, r);
  expect(performance.now() - started, r.path).toBeLessThan(BOUND_MS);
  return res;
}

const FORM = { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://localhost" };
const filler = (bytes: number) => `a=${"z".repeat(bytes - 2)}`;

async function member() {
  const { client, account } = await sessionClient(t);
  const headers = { ...FORM, Cookie: cookieHeader(client) };
  return { client, account, headers, token: client.csrf() ?? "" };
}

const summariesOf = (userId: number) =>
  t.db
    .selectFrom("summaries")
    .select(["id", "source", "html"])
    .where("user_id", "=", userId)
    .execute();

describe("forms: 64 KB", () => {
  it("a larger body is a 413 before the CSRF check, declared or streamed, echoing nothing", async () => {
    const declared = await send({
      method: "POST",
      path: "/login",
      headers: FORM,
      body: filler(FORM_MAX_BYTES + 1),
    });
    expect(declared.status).toBe(413);
    expect(declared.body).toContain("64 KB");
    expect(declared.body).not.toContain("zzzzzzzz");
    const streamed = await send({
      method: "POST",
      path: "/signup",
      headers: FORM,
      streamBytes: STREAMED,
    });
    expect(streamed.status).toBe(413);
    expect(streamed.sentWhenAnswered).toBeLessThan(MAX_SENT_BEFORE_ANSWER);
    const json = await send({
      method: "POST",
      path: "/reset",
      headers: { ...FORM, Accept: "application/json" },
      streamBytes: STREAMED,
    });
    expect(json.status).toBe(413);
    expect(JSON.parse(json.body)).toMatchObject({ error: { code: "too_large" } });
  });

  it("a body of exactly the limit is read: without a form token, the CSRF check refuses it", async () => {
    const declared = await send({
      method: "POST",
      path: "/login",
      headers: FORM,
      body: filler(FORM_MAX_BYTES),
    });
    expect(declared.status).toBe(403);
    const streamed = await send({
      method: "POST",
      path: "/login",
      headers: FORM,
      streamBytes: FORM_MAX_BYTES,
      fill: new TextEncoder().encode(filler(FORM_MAX_BYTES)),
    });
    expect(streamed.status).toBe(403);
  });

  it("a comment body over 64 KB is a 413 even for a logged-in user with a valid token", async () => {
    const { headers, token } = await member();
    const res = await send({
      method: "POST",
      path: "/summary/1/comments",
      headers,
      body: `_csrf=${token}&source=${"q".repeat(FORM_MAX_BYTES)}`,
    });
    expect(res.status).toBe(413);
    expect(res.body).not.toContain("qqqqqqqq");
  });
});

describe("summaries: the summary limit, url-encoded", () => {
  it("a full-size summary is saved even when url-encoding triples it", async () => {
    const { account, headers, token } = await member();
    const paper = await makePaper(t.db);
    const source = "é".repeat(SUMMARY_MAX_BYTES / 2);
    const body = `_csrf=${token}&paperId=${paper.id}&source=${encodeURIComponent(source)}`;
    expect(body.length).toBeGreaterThan(3 * SUMMARY_MAX_BYTES);
    expect(body.length).toBeLessThanOrEqual(SUMMARY_FORM_MAX_BYTES);
    const res = await send({ method: "POST", path: "/summaries", headers, body });
    expect(res.status).toBe(303);
    expect((await summariesOf(account.id)).map((s) => s.source)).toEqual([source]);
  });

  it("a larger body is a 413 page that does not echo it, declared or streamed", async () => {
    const { account, headers, token } = await member();
    const paper = await makePaper(t.db);
    const body = `_csrf=${token}&paperId=${paper.id}&source=${"w".repeat(SUMMARY_FORM_MAX_BYTES)}`;
    const declared = await send({ method: "POST", path: "/summaries", headers, body });
    expect(declared.status).toBe(413);
    expect(declared.body).toContain(`${SUMMARY_MAX_BYTES / 1000} KB`);
    expect(declared.body).not.toContain("wwwwwwww");
    const streamed = await send({
      method: "POST",
      path: "/summaries",
      headers,
      streamBytes: STREAMED,
    });
    expect(streamed.status).toBe(413);
    expect(streamed.sentWhenAnswered).toBeLessThan(MAX_SENT_BEFORE_ANSWER);
    expect(await summariesOf(account.id)).toEqual([]);
  });

  it("a source over the limit inside a body under it: 413 form without the text", async () => {
    const { account, headers, token } = await member();
    const paper = await makePaper(t.db);
    const body = `_csrf=${token}&paperId=${paper.id}&source=${"v".repeat(SUMMARY_MAX_BYTES + 1)}`;
    const res = await send({ method: "POST", path: "/summaries", headers, body });
    expect(res.status).toBe(413);
    expect(res.body).toContain('name="source" required=""></textarea>');
    expect(res.body).not.toContain("vvvvvvvv");
    expect(await summariesOf(account.id)).toEqual([]);
  });
});

describe("paper details: the largest valid form, url-encoded", () => {
  // Non-ASCII letters of 3 UTF-8 bytes: 9 bytes each once url-encoded, the most a character
  // can cost. Every field at its limit: 500 authors of 200, a 20,000-character abstract.
  const fields = (identifier: string, extra = "") => ({
    identifier,
    title: "論".repeat(PAPER_TYPED_TITLE_MAX_CHARS),
    authors: Array.from({ length: PAPER_AUTHORS_MAX }, () =>
      "著".repeat(PAPER_AUTHOR_MAX_CHARS),
    ).join("\r\n"),
    year: "2020",
    venue: "会".repeat(1_000),
    abstract: "要".repeat(PAPER_ABSTRACT_MAX_CHARS) + extra,
  });
  const encode = (token: string, f: Record<string, string>) =>
    new URLSearchParams({ _csrf: token, ...f }).toString();
  const paperOf = (value: string) =>
    t.db
      .selectFrom("paper_identifiers as i")
      .innerJoin("papers as p", "p.id", "i.paper_id")
      .select(["p.id", "p.authors", "p.abstract", "p.metadata_source"])
      .where("i.value", "=", value)
      .executeTakeFirst();

  it("is accepted by hand entry and by a moderator's correction; a larger body is a 413", async () => {
    const { account, headers, token } = await member();
    const body = encode(token, fields("2106.00001"));
    expect(body.length).toBeGreaterThan(FORM_MAX_BYTES * 16);
    // Only the identifier (up to 500 characters) and the margin for names and token are left.
    expect(body.length).toBeGreaterThan(PAPER_DETAILS_FORM_MAX_BYTES - 32 * 1024);
    expect(body.length).toBeLessThanOrEqual(PAPER_DETAILS_FORM_MAX_BYTES);
    // Lookups are offline in this app: a real failure, so hand entry is allowed.
    const saved = await send({ method: "POST", path: "/papers/manual", headers, body });
    expect(saved.status).toBe(303);
    const paper = await paperOf("2106.00001");
    expect(JSON.parse(paper?.authors ?? "[]")).toHaveLength(PAPER_AUTHORS_MAX);
    expect(paper?.abstract).toHaveLength(PAPER_ABSTRACT_MAX_CHARS);

    await setRole(t.db, account.username, "moderator");
    const path = `/papers/${paper?.id}/details`;
    const { identifier: _, ...details } = fields("");
    const corrected = await send({
      method: "POST",
      path,
      headers,
      body: encode(token, { ...details, title: "訂".repeat(PAPER_TYPED_TITLE_MAX_CHARS) }),
    });
    expect(corrected.status).toBe(303);
    expect((await paperOf("2106.00001"))?.metadata_source).toBe("moderator");

    for (const route of ["/papers/manual", path]) {
      const padding = "x".repeat(PAPER_DETAILS_FORM_MAX_BYTES - body.length + 1);
      const over = encode(token, fields("2106.00002", padding));
      expect(over.length).toBe(PAPER_DETAILS_FORM_MAX_BYTES + 1);
      const refused = await send({ method: "POST", path: route, headers, body: over });
      expect(refused.status, route).toBe(413);
      expect(refused.body, route).not.toContain("xxxxxxxx");
    }
    expect(await paperOf("2106.00002")).toBeUndefined();
  });
});

/** The editor publishes 200 characters or more (SUMMARY_MIN_CHARS). */
const LONG_ENOUGH = " Padded to the editor's minimum length.".repeat(6);
const parallelSource = (i: number) => `Parallel summary ${i} with $x^${i}$.${LONG_ENOUGH}`;

describe("in parallel, on separate connections", () => {
  it("oversized streams are refused unread while good saves go through", async () => {
    const writers = await Promise.all(Array.from({ length: 8 }, () => member()));
    const paper = await makePaper(t.db);
    const good = writers.map((w, i) =>
      send({
        method: "POST",
        path: "/summaries",
        headers: w.headers,
        body: `_csrf=${w.token}&paperId=${paper.id}&source=${encodeURIComponent(parallelSource(i))}`,
      }),
    );
    const oversized = writers.flatMap((w) => [
      send({ method: "POST", path: "/summaries", headers: w.headers, streamBytes: STREAMED }),
      send({ method: "POST", path: "/login", headers: FORM, streamBytes: STREAMED }),
    ]);
    const [saved, refused] = await Promise.all([Promise.all(good), Promise.all(oversized)]);
    expect(saved.map((r) => r.status)).toEqual(good.map(() => 303));
    expect(refused.map((r) => r.status)).toEqual(oversized.map(() => 413));
    for (const r of refused) expect(r.sentWhenAnswered).toBeLessThan(MAX_SENT_BEFORE_ANSWER);
    for (const [i, w] of writers.entries()) {
      const rows = await summariesOf(w.account.id);
      expect(rows.map((s) => s.source)).toEqual([parallelSource(i)]);
    }
    expect(log.errors).toEqual([]);
  });
});

describe("rendered HTML", () => {
  // ~99 KB of one fraction repeated: 5.5 MB of typeset HTML.
  const FRACTIONS = "$\\frac{a}{b}$ ".repeat(Math.floor(99_000 / 14));

  it("a summary that typesets past the limit is a 413 that keeps the text, stores nothing", async () => {
    const { account, client } = await member();
    const paper = await makePaper(t.db);
    await client.get(`/paper/arxiv/${paper.arxiv}`);
    const started = performance.now();
    const res = await client.post("/summaries", { paperId: String(paper.id), source: FRACTIONS });
    expect(performance.now() - started).toBeLessThan(BOUND_MS);
    expect(res.status).toBe(413);
    const html = await res.text();
    expect(html).toContain(`${(SUMMARY_MAX_HTML_BYTES / 1e6).toFixed(1)} MB a summary may take`);
    expect(html).toContain(`name="source" required="">${FRACTIONS}</textarea>`);
    expect(await summariesOf(account.id)).toEqual([]);
  });

  it("an edit that typesets past the limit leaves the summary as it was", async () => {
    const { account, client } = await member();
    const paper = await makePaper(t.db);
    await client.get(`/paper/arxiv/${paper.arxiv}`);
    const first = await client.post("/summaries", {
      paperId: String(paper.id),
      source: `Short, $x$.${LONG_ENOUGH}`,
    });
    expect(first.status).toBe(303);
    const before = await summariesOf(account.id);
    const edit = await client.post("/summaries", { paperId: String(paper.id), source: FRACTIONS });
    expect(edit.status).toBe(413);
    expect(await summariesOf(account.id)).toEqual(before);
  });

  it("a dense summary under the limit is saved, its HTML within the limit, its pages cached", async () => {
    const { account, client } = await member();
    const paper = await makePaper(t.db);
    await client.get(`/paper/arxiv/${paper.arxiv}`);
    const source = FRACTIONS.slice(0, 25_000 - (25_000 % 14));
    const res = await client.post("/summaries", { paperId: String(paper.id), source });
    expect(res.status).toBe(303);
    const [row] = await summariesOf(account.id);
    expect(row?.source).toBe(source);
    expect(Buffer.byteLength(row?.html ?? "")).toBeGreaterThan(SUMMARY_MAX_HTML_BYTES * 0.7);
    expect(Buffer.byteLength(row?.html ?? "")).toBeLessThanOrEqual(SUMMARY_MAX_HTML_BYTES);
    // A page too big for the cache would be rendered afresh for every anonymous reader: one
    // summary at the limit must not make its pages so.
    t.pageCache.clear();
    for (const path of [`/paper/arxiv/${paper.arxiv}`, `/summary/${row?.id}`]) {
      const page = await t.fetch(new Request(`http://localhost${path}`));
      expect(page.status, path).toBe(200);
      expect((await page.arrayBuffer()).byteLength, path).toBeGreaterThan(2 * 1024 * 1024);
    }
    expect(t.pageCache.stats().entries).toBe(2);
  });

  it("several writers saving oversized HTML at once: all refused, none stored", async () => {
    const writers = await Promise.all(Array.from({ length: 4 }, () => member()));
    const paper = await makePaper(t.db);
    const results = await Promise.all(
      writers.map((w) =>
        send({
          method: "POST",
          path: "/summaries",
          headers: w.headers,
          body: `_csrf=${w.token}&paperId=${paper.id}&source=${encodeURIComponent(FRACTIONS)}`,
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(writers.map(() => 413));
    for (const w of writers) expect(await summariesOf(w.account.id)).toEqual([]);
  });
});
