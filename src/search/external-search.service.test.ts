// searchExternal against replay servers answering in arXiv's, Crossref's and DBLP's formats,
// on a real database (SQLite, or PostgreSQL with TEST_DATABASE_URL) for the cache and for
// "the site has it".

import { createServer } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { fixture } from "../../test/fixtures/metadata/harness";
import { makePaper } from "../../test/helpers/factories";
import { type RouteTable, replayServers } from "../../test/helpers/replay-servers";
import { createTestDb, type TestDb } from "../../test/helpers/test-db";
import * as limits from "../core/limits";
import type { ResolverConfig } from "../papers/resolvers/resolver-config";
import { endpointsAt, testResolverConfig } from "../papers/resolvers/test-services";
import {
  createExternalSearch,
  type ExternalSearchSeams,
  normalizeQuery,
  searchExternal,
} from "./external-search.service";

let testDb: TestDb;
const { serve } = replayServers();

beforeAll(async () => {
  testDb = await createTestDb();
});
afterAll(async () => {
  await testDb.drop();
});
afterEach(async () => {
  await testDb.db.kysely.deleteFrom("metadata_cache").execute();
});

const ARXIV = { status: 200, body: fixture("arxiv_search.xml"), headers: atom() };
const CROSSREF = { status: 200, body: fixture("crossref_search.json"), headers: json() };
const DBLP = { status: 200, body: fixture("dblp_search.json"), headers: json() };
const ALL_UP: RouteTable = [
  [/^\/arxiv\?/, ARXIV],
  [/^\/crossref\/works\?/, CROSSREF],
  [/^\/dblp\/search\/publ\/api\?/, DBLP],
];

function atom() {
  return { "content-type": "application/atom+xml; charset=utf-8" };
}
function json() {
  return { "content-type": "application/json" };
}

const NO_WAIT = { arxiv: 0, crossref: 0, dblp: 0, pubmed: 0, semanticScholar: 0, openreview: 0 };

async function setup(
  table: RouteTable,
  opts: {
    config?: Partial<ResolverConfig>;
    env?: Record<string, string>;
  } & ExternalSearchSeams = {},
) {
  const { config, env, ...seams } = opts;
  const server = await serve(table);
  const resolver = testResolverConfig(env ?? {}, {
    appVersion: "test",
    endpoints: endpointsAt(server.baseUrl),
    minIntervalMs: NO_WAIT,
    ...config,
  });
  return { server, deps: createExternalSearch(testDb.db.kysely, resolver, seams) };
}

/** An address nobody listens on: a port just released. */
async function closedPort(): Promise<string> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as { port: number };
  await new Promise<void>((r) => s.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

describe("searchExternal", () => {
  it("asks the three services at once and merges their matches, each paper once", async () => {
    const { server, deps } = await setup(ALL_UP);
    const result = await searchExternal(deps, "  Attention   is ALL you need ");
    expect(result.unreachable).toEqual([]);
    expect(result.offline).toBe(false);
    const ids = result.matches.map((m) => m.identifier);
    // arXiv's paper, Crossref's DOI of it (10.48550/arXiv…) and DBLP's CoRR record are one.
    expect(ids.filter((i) => i === "1706.03762")).toHaveLength(1);
    expect(ids.slice(0, 3)).toEqual(["1706.03762", "10.18653/v1/n19-1423", "2101.00001"]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(result.matches[0]).toEqual({
      service: "arxiv",
      title: "Attention Is All You Need",
      authors: ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "Jakob Uszkoreit"],
      year: 2017,
      identifier: "1706.03762",
      url: "https://arxiv.org/abs/1706.03762",
      paperPath: null,
    });
    expect(result.matches.find((m) => m.identifier === "10.18653/v1/n19-1423")).toMatchObject({
      service: "crossref",
      venue: "Proceedings of the 2019 Conference of the North",
      url: "https://doi.org/10.18653/v1/n19-1423",
    });

    const urls = server.requests.map((r) => decodeURIComponent(r.url));
    expect(urls).toHaveLength(3);
    expect(urls).toContainEqual(
      expect.stringMatching(/^\/arxiv\?search_query=ti:"attention is all you need"&/),
    );
    expect(urls).toContainEqual(
      expect.stringMatching(
        /^\/crossref\/works\?query\.bibliographic=attention is all you need&rows=8/,
      ),
    );
    expect(urls).toContainEqual(
      expect.stringMatching(
        /^\/dblp\/search\/publ\/api\?q=attention is all you need&format=json&h=8/,
      ),
    );
    expect(server.requests[0]?.headers["user-agent"]).toMatch(/^ShortScience\/test /);
  });

  it("marks the papers the site already has with their page", async () => {
    const paper = await makePaper(testDb.db.kysely, { arxiv: "hep-th/9901001" });
    const { deps } = await setup(ALL_UP);
    const result = await searchExternal(deps, "attention");
    const known = result.matches.filter((m) => m.paperPath !== null);
    expect(known).toEqual([
      expect.objectContaining({
        identifier: "hep-th/9901001",
        paperPath: "/paper/arxiv/hep-th/9901001",
      }),
    ]);
    expect(paper.id).toBeGreaterThan(0);
  });

  it("names a service whose port is closed; the others' matches still come", async () => {
    const down = await closedPort();
    const { deps } = await setup(ALL_UP, { config: {} });
    deps.endpoints.dblp = `${down}/dblp`;
    const result = await searchExternal(deps, "attention");
    expect(result.unreachable).toEqual(["dblp"]);
    expect(result.busy).toEqual([]);
    expect(result.matches.some((m) => m.service === "arxiv")).toBe(true);
    expect(result.matches.some((m) => m.service === "crossref")).toBe(true);
  });

  it("does not wait past the deadline for a service that accepts and never answers", async () => {
    expect(createExternalSearch(testDb.db.kysely, testResolverConfig()).deadlineMs).toBe(
      limits.EXTERNAL_SEARCH_DEADLINE_MS,
    );
    const { deps } = await setup([[/^\/crossref/, { hang: true }], ...ALL_UP], { deadlineMs: 400 });
    const started = performance.now();
    const result = await searchExternal(deps, "attention");
    const elapsed = performance.now() - started;
    expect(result.unreachable).toEqual(["crossref"]);
    expect(result.matches.length).toBeGreaterThan(0);
    expect(elapsed).toBeGreaterThanOrEqual(350);
    expect(elapsed).toBeLessThan(1_500);
  });

  it("keeps each service's answer: the same search again asks nobody", async () => {
    const { server, deps } = await setup(ALL_UP);
    const first = await searchExternal(deps, "Attention");
    expect(server.requests).toHaveLength(3);
    const again = await searchExternal(deps, " attention ");
    expect(again).toEqual(first);
    expect(server.requests).toHaveLength(3);
    const keys = (
      await testDb.db.kysely.selectFrom("metadata_cache").select("key").orderBy("key").execute()
    ).map((r) => r.key);
    expect(keys).toEqual([
      "search:arxiv:attention",
      "search:crossref:attention",
      "search:dblp:attention",
    ]);
  });

  it("keeps an empty answer too, and never a failure", async () => {
    const { server, deps } = await setup([
      [/^\/arxiv/, { status: 200, body: fixture("arxiv_empty.xml"), headers: atom() }],
      [/^\/crossref/, { status: 503 }],
      [/^\/dblp/, { status: 200, body: fixture("dblp_search_empty.json"), headers: json() }],
    ]);
    expect(await searchExternal(deps, "zzzqqq")).toMatchObject({
      matches: [],
      unreachable: ["crossref"],
    });
    expect(await searchExternal(deps, "zzzqqq")).toMatchObject({
      matches: [],
      unreachable: ["crossref"],
    });
    // arXiv and DBLP once; Crossref asked again, once per search (one attempt each).
    expect(server.requests.map((r) => r.url.split("?")[0])).toEqual(
      expect.arrayContaining(["/arxiv", "/crossref/works", "/dblp/search/publ/api"]),
    );
    expect(server.requests).toHaveLength(4);
  });

  it("two processes searching the same words at once both get the answer", async () => {
    const { server, deps } = await setup(ALL_UP);
    const other = createExternalSearch(testDb.db.kysely, {
      ...testResolverConfig({}, { appVersion: "test", endpoints: endpointsAt(server.baseUrl) }),
      minIntervalMs: NO_WAIT,
    });
    const results = await Promise.all([
      searchExternal(deps, "attention"),
      searchExternal(deps, "attention"),
      searchExternal(other, "attention"),
      searchExternal(other, "ATTENTION"),
    ]);
    for (const r of results) expect(r).toEqual(results[0]);
    // One request per service per process: a process asks once for searches under way.
    expect(server.requests.length).toBeLessThanOrEqual(6);
    const rows = await testDb.db.kysely.selectFrom("metadata_cache").select("key").execute();
    expect(rows).toHaveLength(3);
  });

  describe("hostile answers count the service as unreachable, never as an error", () => {
    const cases: [string, { status?: number; body?: string; headers?: Record<string, string> }][] =
      [
        ["429", { status: 429, headers: { "retry-after": "1" } }],
        ["503", { status: 503 }],
        ["404", { status: 404, body: "no" }],
        [
          "invalid JSON",
          { status: 200, body: '{"message-type":"work-list", "message": {', headers: json() },
        ],
        [
          "an HTML page",
          {
            status: 200,
            body: "<html><body>maintenance</body></html>",
            headers: { "content-type": "text/html" },
          },
        ],
        [
          "a huge body",
          {
            status: 200,
            body: `{"x":"${"a".repeat(limits.EXTERNAL_SEARCH_MAX_RESPONSE_BYTES)}"}`,
            headers: json(),
          },
        ],
      ];
    for (const [name, reply] of cases) {
      it(name, async () => {
        const { deps } = await setup([
          [
            /^\/arxiv/,
            { ...reply, headers: { ...reply.headers, ...(name === "an HTML page" ? {} : atom()) } },
          ],
          [/^\/crossref/, reply],
          [/^\/dblp/, reply],
        ]);
        const result = await searchExternal(deps, "attention");
        expect(result).toEqual({
          matches: [],
          unreachable: ["arxiv", "crossref", "dblp"],
          // A 429 means we were not really asked: the page may say "busy" rather than "down".
          busy: name === "429" ? ["arxiv", "crossref", "dblp"] : [],
          offline: false,
        });
        expect(await testDb.db.kysely.selectFrom("metadata_cache").selectAll().execute()).toEqual(
          [],
        );
      });
    }

    it("invalid XML from arXiv", async () => {
      const { deps } = await setup([
        [/^\/arxiv/, { status: 200, body: "<feed><entry><title>Attention", headers: atom() }],
        ...ALL_UP,
      ]);
      const result = await searchExternal(deps, "attention");
      expect(result.unreachable).toEqual(["arxiv"]);
      expect(result.matches.length).toBeGreaterThan(0);
    });
  });

  it("METADATA_OFFLINE: no request at all, and the result says so", async () => {
    const { server, deps } = await setup(ALL_UP, { env: { METADATA_OFFLINE: "1" } });
    expect(await searchExternal(deps, "attention")).toEqual({
      matches: [],
      unreachable: [],
      busy: [],
      offline: true,
    });
    expect(server.requests).toHaveLength(0);
  });

  it("an empty or blank query asks nobody", async () => {
    const { server, deps } = await setup(ALL_UP);
    expect((await searchExternal(deps, " \u0000 \t ")).matches).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });

  it("politeness: a search that would queue past the deadline for arXiv is 'busy', not waited on", async () => {
    const { server, deps } = await setup(ALL_UP, {
      deadlineMs: 1_000,
      config: { minIntervalMs: { ...NO_WAIT, arxiv: limits.ARXIV_MIN_INTERVAL_MS } },
    });
    // Politeness is per host: arXiv on a host of its own, as in real life.
    const arxiv = await serve(ALL_UP);
    deps.endpoints.arxiv = `${arxiv.baseUrl}/arxiv`;
    const started = performance.now();
    const results = await Promise.all([
      searchExternal(deps, "attention"),
      searchExternal(deps, "memory"),
      searchExternal(deps, "knots"),
    ]);
    expect(performance.now() - started).toBeLessThan(1_000);
    // Whichever reached arXiv's queue first was asked; the two others were told "busy".
    const asked = results.filter((r) => r.unreachable.length === 0);
    const turnedAway = results.filter((r) => r.unreachable.length > 0);
    expect(asked).toHaveLength(1);
    for (const r of turnedAway) {
      expect(r).toMatchObject({ unreachable: ["arxiv"], busy: ["arxiv"] });
      expect(r.matches.length).toBeGreaterThan(0);
    }
    expect(arxiv.requests).toHaveLength(1);
    expect(server.requests).toHaveLength(6);
  });
});

describe("normalizeQuery", () => {
  it("lower-cases, collapses whitespace and control characters, and cuts to the limit", () => {
    expect(normalizeQuery("  Attention\tIS\nall  ")).toBe("attention is all");
    expect(normalizeQuery("ｆｕｌｌ width")).toBe("full width");
    expect(normalizeQuery("x".repeat(500))).toHaveLength(limits.EXTERNAL_SEARCH_QUERY_MAX_CHARS);
  });
});
