// The metadata parsers and resolvers on real responses recorded from the services, read at
// run time from ../shared/fixtures/metadata (or $SHARED_DIR). Each .source.txt there says
// where the response comes from.

import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseArxivAtom } from "../../../src/papers/resolvers/arxiv.parse";
import { parseCrossrefWork } from "../../../src/papers/resolvers/crossref.parse";
import { createHttpClient, createResolvers } from "../../../src/papers/resolvers/default-resolvers";
import { parseS2Paper } from "../../../src/papers/resolvers/semantic-scholar.parse";
import { endpointsAt, testResolverConfig } from "../../../src/papers/resolvers/test-services";
import {
  type ReplayServer,
  type Reply,
  routes,
  startReplayServer,
  VirtualClock,
} from "../../fixtures/metadata/harness";

const SHARED = process.env.SHARED_DIR ?? path.resolve("../shared");
const read = (name: string) =>
  readFileSync(path.join(SHARED, "fixtures", "metadata", name), "utf8");

describe("recorded arXiv, Crossref and Semantic Scholar answers", () => {
  it("arXiv Atom 1601.00001: title over two lines, TeX in the abstract, DOI, journal ref", () => {
    const m = parseArxivAtom(read("arxiv_atom_1601.00001.xml"), "1601.00001");
    expect(m).toMatchObject({
      title: "Inelastic effects in molecular transport junctions: The probe technique at high bias",
      authors: ["Michael Kilgour", "Dvira Segal"],
      year: 2015,
      venue: null,
      identifiers: [
        { scheme: "arxiv", value: "1601.00001" },
        { scheme: "doi", value: "10.1063/1.4944470" },
      ],
      arxivVersion: 1,
      categories: ["cond-mat.mes-hall"],
      journalRef: "J. Chem. Phys. 144, 124107 (2016)",
      source: "arxiv",
    });
    expect(m?.abstract).toMatch(/^We extend the Landauer-Büttiker probe formalism/);
    expect(m?.abstract).toContain("distinct $I$-$V$ characteristics");
    expect(m?.abstract).not.toMatch(/\n|\s{2}/);
  });

  it("Crossref 2017 schema: padded title, month-only print date, given + family names", () => {
    const m = parseCrossrefWork(read("crossref_work_10.1002_pssc.201200953.json"));
    expect(m).toMatchObject({
      title:
        "The quantum-confined Stark effect and localization of charge carriers in Al x Ga 1-x N/Al y Ga 1-y N quantum wells with different morphologies",
      year: 2013,
      venue: "physica status solidi (c)",
      identifiers: [{ scheme: "doi", value: "10.1002/pssc.201200953" }],
      source: "crossref",
    });
    expect(m?.authors).toHaveLength(7);
    expect(m?.authors[0]).toBe("E. A. Shevchenko");
    expect(m?.authors.at(-1)).toBe("A. A. Toropov");
  });

  it("Crossref current schema: authors with only a family name", () => {
    expect(parseCrossrefWork(read("crossref_work_10.1038_d41586-020-02761-z.json"))).toMatchObject({
      title: "Attention science: some people have only one name",
      authors: ["Sheherazade", "Ardiantiono"],
      year: 2020,
      venue: "Nature",
      identifiers: [{ scheme: "doi", value: "10.1038/d41586-020-02761-z" }],
    });
  });

  it("Semantic Scholar paper: external ids (DBLP, DOI, CorpusId) and the paper id", () => {
    // A /paper/search/match answer: the paper object is its data[0].
    const answer = JSON.parse(read("s2_graph_v1_paper_search_match.json")) as { data: unknown[] };
    const m = parseS2Paper(JSON.stringify(answer.data[0]));
    expect(m).toMatchObject({
      title: "Mining association rules between sets of items in large databases",
      authors: ["R. Agrawal", "T. Imielinski", "A. Swami"],
      year: 1993,
      venue: "SIGMOD Conference",
      identifiers: [
        { scheme: "s2", value: "6fe8c5bf8dddaadf10c765133d38dfef5714347f" },
        { scheme: "doi", value: "10.1145/170035.170072" },
        { scheme: "dblp", value: "conf/sigmod/AgrawalIS93" },
        { scheme: "s2corpus", value: "490415" },
      ],
      source: "semantic-scholar",
    });
    expect(m?.abstract).toMatch(/^We are given a large database of customer transactions\./);
  });
});

describe("recorded answers replayed over HTTP", () => {
  const servers: ReplayServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  async function resolversAt(table: [RegExp, Reply][]) {
    const server = await startReplayServer(routes(table));
    servers.push(server);
    const base = server.baseUrl;
    const config = testResolverConfig(
      {},
      { appVersion: "test", endpoints: endpointsAt(base, { semanticScholar: "/s2/graph/v1" }) },
    );
    const http = createHttpClient(config, { clock: new VirtualClock() });
    const resolvers = createResolvers(config, http);
    const named = (name: string) => {
      const r = resolvers.find((x) => x.name === name);
      if (!r) throw new Error(name);
      return r;
    };
    return { server, named };
  }

  it("the arXiv and Crossref resolvers find the recorded papers", async () => {
    const { named } = await resolversAt([
      [/^\/arxiv\?id_list=1601\.00001&/, { body: read("arxiv_atom_1601.00001.xml") }],
      [
        /^\/crossref\/works\/10\.1038\//,
        { body: read("crossref_work_10.1038_d41586-020-02761-z.json") },
      ],
    ]);
    expect(await named("arxiv").lookup({ scheme: "arxiv", value: "1601.00001" })).toMatchObject({
      status: "found",
      metadata: { journalRef: "J. Chem. Phys. 144, 124107 (2016)" },
    });
    expect(
      await named("crossref").lookup({ scheme: "doi", value: "10.1038/d41586-020-02761-z" }),
    ).toMatchObject({ status: "found", metadata: { authors: ["Sheherazade", "Ardiantiono"] } });
  });

  it("Semantic Scholar's recorded 404 is 'not found'", async () => {
    const [recorded] = recordedResponses(read("s2_graph_v1_not_found.cassette.yaml"));
    if (!recorded) throw new Error("no response in the cassette");
    expect(recorded.status).toBe(404);
    expect(Buffer.byteLength(recorded.body)).toBe(recorded.contentLength);
    expect(parseS2Paper(recorded.body)).toBeNull();
    const { server, named } = await resolversAt([
      [/^\/s2\/graph\/v1\/paper\//, { status: recorded.status, body: recorded.body }],
    ]);
    const s2 = named("semantic-scholar");
    expect(await s2.lookup({ scheme: "s2corpus", value: "1" })).toEqual({ status: "not_found" });
    expect(server.requests).toHaveLength(1);
  });
});

/**
 * The responses of a VCR cassette whose bodies are single-quoted YAML scalars (`content:`),
 * unfolded as YAML does: a line break between text becomes a space, each empty line a
 * newline, and '' a quote. Enough for these cassettes; checked against Content-Length.
 */
function recordedResponses(yaml: string) {
  const pattern =
    /content: '((?:[^']|'')*)'\n[\s\S]*?Content-Length:\s*\n\s*- '(\d+)'[\s\S]*?status_code: (\d+)/g;
  return [...yaml.matchAll(pattern)].map((m) => ({
    body: unfold(m[1] ?? ""),
    contentLength: Number(m[2]),
    status: Number(m[3]),
  }));
}

function unfold(scalar: string): string {
  const lines = scalar.split("\n");
  let out = (lines[0] ?? "").trimEnd();
  let empty = 0;
  for (const [i, line] of lines.slice(1).entries()) {
    const text = line.trim();
    const last = i === lines.length - 2;
    if (text === "" && !last) {
      empty++;
      continue;
    }
    out += (empty > 0 ? "\n".repeat(empty) : " ") + text;
    empty = 0;
  }
  return out.replaceAll("''", "'");
}
