import { describe, expect, it } from "vitest";
import { endpointsAt, testResolverConfig } from "./test-services";

describe("test-services", () => {
  it("puts every service on the base, with the paths a test overrides", () => {
    expect(endpointsAt("http://127.0.0.1:9", { arxiv: "/arxiv/api/query" })).toEqual({
      arxiv: "http://127.0.0.1:9/arxiv/api/query",
      crossref: "http://127.0.0.1:9/crossref",
      dblp: "http://127.0.0.1:9/dblp",
      pubmed: "http://127.0.0.1:9/eutils",
      semanticScholar: "http://127.0.0.1:9/s2",
      openreview: "http://127.0.0.1:9/openreview",
    });
  });

  it("reads the environment through the configuration schema, then applies the overrides", () => {
    const c = testResolverConfig(
      { METADATA_OFFLINE: "1", BASE_URL: "https://ss.example/" },
      { appVersion: "9.9.9" },
    );
    expect(c).toMatchObject({ offline: true, baseUrl: "https://ss.example", appVersion: "9.9.9" });
    expect(() => testResolverConfig({ METADATA_OFFLINE: "maybe" })).toThrow(/METADATA_OFFLINE=/);
  });
});
