import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { fixture, VirtualClock } from "../../../test/fixtures/metadata/harness";
import { type RouteTable, replayServers } from "../../../test/helpers/replay-servers";
import { createTestDb, type TestDb } from "../../../test/helpers/test-db";
import type { PaperId } from "../ids";
import { createMetadataService } from "./default-resolvers";
import { MetadataService } from "./metadata.service";
import { purgeExpiredAnswers, readCachedAnswer, storeAnswer } from "./metadata-cache.repo";
import { endpointsAt, testResolverConfig } from "./test-services";
import type { LookupResult, Resolver } from "./types";

const DAY = 86_400_000;
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

async function setup(table: RouteTable) {
  const server = await serve(table);
  const base = server.baseUrl;
  const config = testResolverConfig({}, { appVersion: "test", endpoints: endpointsAt(base) });
  const clock = new VirtualClock();
  const service = createMetadataService(testDb.db.kysely, config, { clock, random: () => 0 });
  return { server, clock, service };
}

const arxivId: PaperId = { scheme: "arxiv", value: "1706.99999" };
const atom = { status: 200, body: fixture("arxiv_tex_title.xml") };

describe("MetadataService", () => {
  it("keeps a found answer for 30 days: no second request until it expires", async () => {
    const { server, clock, service } = await setup([[/^\/arxiv/, atom]]);
    const first = await service.lookup(arxivId);
    expect(first.status).toBe("found");
    clock.advance(29 * DAY);
    expect(await service.lookup({ ...arxivId, version: 2 })).toEqual(first);
    expect(server.requests).toHaveLength(1);
    clock.advance(2 * DAY);
    expect(await service.lookup(arxivId)).toEqual(first);
    expect(server.requests).toHaveLength(2);
  });

  it("keeps a not-found answer for a day", async () => {
    const { server, clock, service } = await setup([
      [/^\/arxiv/, { status: 200, body: fixture("arxiv_empty.xml") }],
    ]);
    expect(await service.lookup(arxivId)).toEqual({ status: "not_found" });
    clock.advance(23 * 3_600_000);
    expect(await service.lookup(arxivId)).toEqual({ status: "not_found" });
    expect(server.requests).toHaveLength(1);
    clock.advance(2 * 3_600_000);
    await service.lookup(arxivId);
    expect(server.requests).toHaveLength(2);
  });

  it("never keeps 'unavailable': the next lookup tries again", async () => {
    const { server, service } = await setup([
      [/^\/arxiv/, [{ status: 503 }, { status: 503 }, { status: 503 }, atom]],
    ]);
    const failed = await service.lookup(arxivId);
    expect(failed).toMatchObject({
      status: "unavailable",
      reason: expect.stringMatching(/^arXiv could not be reached/),
    });
    expect(
      await readCachedAnswer(testDb.db.kysely, "arxiv:1706.99999", "2000-01-01T00:00:00.000Z"),
    ).toBeNull();
    expect((await service.lookup(arxivId)).status).toBe("found");
    expect(server.requests).toHaveLength(4);
  });

  it("asks Semantic Scholar for a DOI Crossref does not know", async () => {
    const { server, service } = await setup([
      [/^\/crossref\//, { status: 404, body: fixture("crossref_not_found.txt") }],
      [/^\/s2\/paper\/DOI:10\.5555\/single\.1\?/, { status: 200, body: fixture("s2_paper.json") }],
    ]);
    expect(await service.lookup({ scheme: "doi", value: "10.5555/single.1" })).toMatchObject({
      status: "found",
      metadata: { source: "semantic-scholar" },
    });
    expect(server.requests.map((r) => r.url.split("/")[1])).toEqual(["crossref", "s2"]);
  });

  it("says 'unavailable', not 'not found', when one service could not answer", async () => {
    const { service } = await setup([
      [/^\/crossref\//, { status: 500 }],
      [/^\/s2\//, { status: 404, body: fixture("s2_not_found.json") }],
    ]);
    expect(await service.lookup({ scheme: "doi", value: "10.5555/x" })).toMatchObject({
      status: "unavailable",
      reason: expect.stringMatching(/^Crossref could not be reached: it answered HTTP 500/),
    });
  });

  it("says 'busy' when a service that failed is followed by one that could not be asked", async () => {
    const { service } = await setup([
      [/^\/crossref\//, { status: 500 }],
      [/^\/s2\//, { status: 429 }],
    ]);
    // Semantic Scholar may know the paper: the answer must not allow typing it in.
    expect(await service.lookup({ scheme: "doi", value: "10.5555/busy" })).toMatchObject({
      status: "unavailable",
      busy: true,
      reason: expect.stringMatching(/^Semantic Scholar could not be asked now/),
    });
  });

  it("sends one request for concurrent lookups of one paper", async () => {
    const { server, service } = await setup([[/^\/arxiv/, atom]]);
    const results = await Promise.all([service.lookup(arxivId), service.lookup(arxivId)]);
    expect(results.map((r) => r.status)).toEqual(["found", "found"]);
    expect(server.requests).toHaveLength(1);
  });

  it("turns a resolver that throws into 'unavailable'", async () => {
    const broken: Resolver = {
      name: "arxiv",
      handles: () => true,
      lookup: async () => {
        throw new Error("surprise");
      },
    };
    const service = new MetadataService({ db: testDb.db.kysely, resolvers: [broken] });
    const result: LookupResult = await service.lookup(arxivId);
    expect(result).toMatchObject({
      status: "unavailable",
      reason: expect.stringContaining("arxiv"),
    });
  });

  it("treats a cached body it cannot read as a miss", async () => {
    const { server, clock, service } = await setup([[/^\/arxiv/, atom]]);
    const now = new Date(clock.now()).toISOString();
    await storeAnswer(testDb.db.kysely, {
      key: "arxiv:1706.99999",
      status: "found",
      body: '{"old":"format"}',
      fetchedAt: now,
      expiresAt: new Date(clock.now() + DAY).toISOString(),
    });
    expect((await service.lookup(arxivId)).status).toBe("found");
    expect(server.requests).toHaveLength(1);
  });
});

describe("metadata cache repo", () => {
  it("replaces an answer for its key and purges expired ones", async () => {
    const db = testDb.db.kysely;
    const answer = (key: string, expiresAt: string) => ({
      key,
      status: "not_found" as const,
      body: "",
      fetchedAt: "2026-01-01T00:00:00.000Z",
      expiresAt,
    });
    await storeAnswer(db, answer("doi:10.1/a", "2026-01-02T00:00:00.000Z"));
    await storeAnswer(db, answer("doi:10.1/a", "2026-03-01T00:00:00.000Z"));
    await storeAnswer(db, answer("doi:10.1/b", "2026-01-02T00:00:00.000Z"));
    expect((await readCachedAnswer(db, "doi:10.1/a", "2026-02-01T00:00:00.000Z"))?.expiresAt).toBe(
      "2026-03-01T00:00:00.000Z",
    );
    expect(await readCachedAnswer(db, "doi:10.1/b", "2026-02-01T00:00:00.000Z")).toBeNull();
    expect(await purgeExpiredAnswers(db, "2026-02-01T00:00:00.000Z")).toBe(1);
    const left = await db.selectFrom("metadata_cache").select("key").execute();
    expect(left.map((r) => r.key)).toEqual(["doi:10.1/a"]);
  });
});
