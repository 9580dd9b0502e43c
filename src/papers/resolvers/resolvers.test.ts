import { describe, expect, it } from "vitest";
import { fixture, type Reply, VirtualClock } from "../../../test/fixtures/metadata/harness";
import { type RouteTable, replayServers } from "../../../test/helpers/replay-servers";
import { parsePaperId } from "../ids";
import { createHttpClient, createResolvers } from "./default-resolvers";
import type { ResolverConfig } from "./resolver-config";
import { endpointsAt, testResolverConfig } from "./test-services";
import type { Resolver } from "./types";

const { serve } = replayServers();

const json = (body: string, status = 200): Reply => ({
  status,
  body,
  headers: { "Content-Type": "application/json" },
});
const xml = (body: string, status = 200): Reply => ({
  status,
  body,
  headers: { "Content-Type": "application/xml" },
});

/** Every service pointed at one local server, on a virtual clock. */
async function setup(table: RouteTable, overrides: Partial<ResolverConfig> = {}) {
  const server = await serve(table);
  const base = server.baseUrl;
  const config = testResolverConfig(
    { METADATA_CONTACT_EMAIL: "ops@example.org", BASE_URL: "https://ss.example" },
    {
      appVersion: "9.9.9",
      endpoints: endpointsAt(base, {
        arxiv: "/arxiv/api/query",
        semanticScholar: "/s2/graph/v1",
      }),
      ...overrides,
    },
  );
  const clock = new VirtualClock();
  const resolvers = createResolvers(config, createHttpClient(config, { clock, random: () => 0 }));
  const lookup = (input: string) => {
    const id = parsePaperId(input);
    if (!id) throw new Error(`not an id: ${input}`);
    const resolver = resolvers.find(
      (r: Resolver) => r.handles(id) && r.name !== "semantic-scholar",
    );
    return (resolver ?? resolvers.find((r) => r.handles(id)))?.lookup(id);
  };
  return { server, clock, resolvers, lookup };
}

describe("arXiv resolver", () => {
  it("asks for the id without its version and reads the answer", async () => {
    const { server, lookup } = await setup([[/^\/arxiv\//, xml(fixture("arxiv_tex_title.xml"))]]);
    const result = await lookup("arXiv:1706.99999v1");
    expect(result).toMatchObject({
      status: "found",
      metadata: { arxivVersion: 3, source: "arxiv" },
    });
    expect(server.requests[0]?.url).toBe("/arxiv/api/query?id_list=1706.99999&max_results=1");
    expect(server.requests[0]?.headers["user-agent"]).toBe(
      "ShortScience/9.9.9 (+https://ss.example; mailto:ops@example.org)",
    );
  });

  it("reads an empty feed and arXiv's error entry as not found", async () => {
    const { lookup, resolvers } = await setup([
      [/2412\.99999/, xml(fixture("arxiv_empty.xml"))],
      [/1234\.5/, xml(fixture("arxiv_error.xml"))],
    ]);
    expect(await lookup("2412.99999")).toEqual({ status: "not_found" });
    const arxiv = resolvers.find((r) => r.name === "arxiv");
    expect(await arxiv?.lookup({ scheme: "arxiv", value: "1234.5" })).toEqual({
      status: "not_found",
    });
  });

  it("retries after a 429, keeping arXiv's 3 s between requests", async () => {
    const { server, clock, lookup } = await setup([
      [
        /^\/arxiv\//,
        [{ status: 429, headers: { "Retry-After": "1" } }, xml(fixture("arxiv_tex_title.xml"))],
      ],
    ]);
    expect((await lookup("1706.99999"))?.status).toBe("found");
    expect(server.requests).toHaveLength(2);
    // Retry-After asked for 1 s; politeness then adds 2 s more before the second request.
    expect(clock.sleeps).toEqual([1_000, 2_000]);
  });

  it("tells the person arXiv could not be reached when it keeps failing", async () => {
    const { lookup } = await setup([[/^\/arxiv\//, { status: 503 }]]);
    expect(await lookup("1706.99999")).toEqual({
      status: "unavailable",
      reason: "arXiv could not be reached: it answered HTTP 503. Please try again in a moment.",
      service: "arXiv",
    });
  });
});

describe("Crossref and DBLP resolvers", () => {
  it("asks Crossref for /works/{doi} and reads it; a 404 is not found", async () => {
    const { server, lookup } = await setup([
      [/^\/crossref\/works\/10\.5555\/fixture\.2021\.001$/, json(fixture("crossref_current.json"))],
      [/^\/crossref\/works\//, { status: 404, body: fixture("crossref_not_found.txt") }],
    ]);
    expect(await lookup("https://doi.org/10.5555/FIXTURE.2021.001")).toMatchObject({
      status: "found",
      metadata: { source: "crossref", year: 2021 },
    });
    expect(await lookup("10.5555/missing")).toEqual({ status: "not_found" });
    expect(server.requests.map((r) => r.headers.accept)).toEqual([
      "application/json",
      "application/json",
    ]);
  });

  it("escapes what a DOI may hold, keeping its slashes", async () => {
    const { server, lookup } = await setup([[/./, { status: 404 }]]);
    await lookup("10.1002/(SICI)1097-4636(199706)35:4<515::AID-JBM11>3.0.CO;2-F");
    expect(server.requests[0]?.url).toBe(
      "/crossref/works/10.1002/(sici)1097-4636(199706)35:4%3C515::aid-jbm11%3E3.0.co%3B2-f",
    );
  });

  it("reads a DBLP record by key; an unknown key (404) is not found", async () => {
    const { lookup } = await setup([
      [/^\/dblp\/rec\/conf\/fixture\/MuellerG21\.xml$/, xml(fixture("dblp_record.xml"))],
      [/^\/dblp\/rec\//, { status: 404, body: "<html>Not Found</html>" }],
    ]);
    expect(await lookup("https://dblp.org/rec/conf/fixture/MuellerG21.html")).toMatchObject({
      status: "found",
      metadata: { authors: ["Jürgen Müller", "Zoë García"] },
    });
    expect(await lookup("conf/fixture/Nobody99")).toEqual({ status: "not_found" });
  });
});

describe("PubMed resolver", () => {
  it("fetches a PMID with efetch, naming the tool and contact", async () => {
    const { server, lookup } = await setup([[/efetch/, xml(fixture("pubmed_efetch.xml"))]]);
    expect(await lookup("pmid:99999901")).toMatchObject({
      status: "found",
      metadata: { source: "pubmed", year: 2019 },
    });
    expect(server.requests[0]?.url).toBe(
      "/eutils/efetch.fcgi?db=pubmed&id=99999901&retmode=xml&tool=shortscience&email=ops%40example.org",
    );
  });

  it("maps a PMCID to its PMID with esummary, then fetches the full record", async () => {
    const { server, lookup } = await setup([
      [/esummary\.fcgi\?db=pmc&id=9999901&/, json(fixture("pmc_esummary.json"))],
      [/efetch\.fcgi\?db=pubmed&id=99999901&/, xml(fixture("pubmed_efetch.xml"))],
    ]);
    const result = await lookup("PMC9999901");
    expect(result).toMatchObject({
      status: "found",
      metadata: { abstract: expect.stringContaining("BACKGROUND") },
    });
    expect(server.requests).toHaveLength(2);
  });

  it("answers with the PMC summary when the full record cannot be fetched", async () => {
    const { lookup } = await setup([
      [/esummary/, json(fixture("pmc_esummary.json"))],
      [/efetch/, { status: 502 }],
    ]);
    expect(await lookup("PMC9999901")).toMatchObject({
      status: "found",
      metadata: { abstract: "", venue: "Journal of fixture medicine" },
    });
  });

  it("reads an unknown PMID (empty set) and PMCID (error record) as not found", async () => {
    const { lookup } = await setup([
      [/esummary/, json(fixture("pmc_esummary_error.json"))],
      [/efetch/, xml(fixture("pubmed_efetch_empty.xml"))],
    ]);
    expect(await lookup("pmid:1")).toEqual({ status: "not_found" });
    expect(await lookup("PMC1")).toEqual({ status: "not_found" });
  });
});

describe("Semantic Scholar and OpenReview resolvers", () => {
  it("looks up by prefixed id, sends the key only when configured, reads 404 as not found", async () => {
    const table: [RegExp, Reply][] = [
      [/\/paper\/DOI:10\.5555\/single\.1\?fields=/, json(fixture("s2_paper.json"))],
      [/\/paper\//, json(fixture("s2_not_found.json"), 404)],
    ];
    const plain = await setup(table);
    const s2 = plain.resolvers.find((r) => r.name === "semantic-scholar");
    expect(await s2?.lookup({ scheme: "doi", value: "10.5555/single.1" })).toMatchObject({
      status: "found",
      metadata: { source: "semantic-scholar" },
    });
    expect(await s2?.lookup({ scheme: "acl", value: "P19-1001" })).toEqual({ status: "not_found" });
    expect(plain.server.requests[1]?.url).toMatch(
      /^\/s2\/graph\/v1\/paper\/ACL:P19-1001\?fields=title,/,
    );
    expect(plain.server.requests.map((r) => r.headers["x-api-key"])).toEqual([
      undefined,
      undefined,
    ]);

    const keyed = await setup(table, { semanticScholarKey: "k-123" });
    await keyed.resolvers
      .find((r) => r.name === "semantic-scholar")
      ?.lookup({ scheme: "s2corpus", value: "4242" });
    expect(keyed.server.requests[0]?.url).toMatch(/\/paper\/CorpusId:4242\?/);
    expect(keyed.server.requests[0]?.headers["x-api-key"]).toBe("k-123");
  });

  it("retries Semantic Scholar's 429 and then reads the paper", async () => {
    const { server, resolvers } = await setup([
      [/\/paper\//, [json(fixture("s2_rate_limited.json"), 429), json(fixture("s2_paper.json"))]],
    ]);
    const s2 = resolvers.find((r) => r.name === "semantic-scholar");
    expect((await s2?.lookup({ scheme: "pmcid", value: "PMC77" }))?.status).toBe("found");
    expect(server.requests.map((r) => r.url.split("?")[0])).toEqual([
      "/s2/graph/v1/paper/PMCID:77",
      "/s2/graph/v1/paper/PMCID:77",
    ]);
  });

  it("reads an OpenReview note; a private note (403) is not found", async () => {
    const { lookup } = await setup([
      [/notes\?id=FixtureId2X$/, json(fixture("openreview_v2.json"))],
      [/notes\?id=/, json('{"name":"ForbiddenError"}', 403)],
    ]);
    expect(await lookup("https://openreview.net/forum?id=FixtureId2X")).toMatchObject({
      status: "found",
      metadata: { year: 2024 },
    });
    expect(await lookup("openreview:Private123")).toEqual({ status: "not_found" });
  });
});

describe("offline", () => {
  it("makes every resolver answer 'unavailable' without sending anything", async () => {
    const { server, resolvers } = await setup([[/./, { status: 200 }]], { offline: true });
    const asked = new Set<string>();
    for (const input of [
      "1706.99999",
      "10.5555/x",
      "conf/a/B1",
      "pmid:1",
      "PMC1",
      "openreview:abcde",
      "P19-1001",
    ]) {
      const id = parsePaperId(input);
      if (!id) throw new Error(input);
      for (const r of resolvers.filter((x) => x.handles(id))) {
        expect(await r.lookup(id)).toMatchObject({ status: "unavailable" });
        asked.add(r.name);
      }
    }
    // Every resolver was asked at least once: an empty loop would prove nothing.
    expect(asked).toEqual(new Set(resolvers.map((r) => r.name)));
    expect(server.requests).toEqual([]);
  });
});
