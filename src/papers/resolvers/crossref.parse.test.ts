import { describe, expect, it } from "vitest";
import { fixture } from "../../../test/fixtures/metadata/harness";
import { parseCrossrefWork } from "./crossref.parse";

describe("parseCrossrefWork", () => {
  it("reads the current schema: tags and entities, subtitle, every kind of author, JATS abstract", () => {
    expect(parseCrossrefWork(fixture("crossref_current.json"))).toEqual({
      title: "Learning k-Means & Friends: the Schrödinger View: a tutorial",
      authors: ["María López", "Suharto", "The Fixture Consortium", "John Smith Jr."],
      year: 2021,
      venue: "Journal of Fixture Studies",
      abstract: "We cluster k points in the plane.\n\nSecond paragraph & more.",
      identifiers: [
        { scheme: "doi", value: "10.5555/fixture.2021.001" },
        { scheme: "arxiv", value: "2101.00001" },
      ],
      arxivVersion: null,
      categories: [],
      journalRef: null,
      source: "crossref",
    });
  });

  it("reads the 2017 schema: URL prefix/member, padded title, year-only date", () => {
    const m = parseCrossrefWork(fixture("crossref_2017.json"));
    expect(m?.title).toBe("Old Schema Paper on Graphs");
    expect(m?.authors).toEqual(["A. Nguyen", "Ramanujan"]);
    expect(m?.year).toBe(2015);
    expect(m?.venue).toBe("Proceedings of the Fixture Workshop");
    expect(m?.identifiers).toEqual([{ scheme: "doi", value: "10.5555/old.schema.42" }]);
  });

  it("names a preprint server as the venue when there is no container title", () => {
    const m = parseCrossrefWork(fixture("crossref_posted_content.json"));
    expect(m?.venue).toBe("bioRxiv");
    expect(m?.abstract).toBe("A fixture preprint.");
    expect(m?.identifiers).toEqual([{ scheme: "doi", value: "10.1101/2020.01.01.123456" }]);
  });

  it.each([
    ["the 404 body", fixture("crossref_not_found.txt")],
    ["a work without a title", '{"message-type":"work","message":{"DOI":"10.5555/x","title":[]}}'],
    ["another message type", '{"message-type":"work-list","message":{"items":[]}}'],
    ["JSON null", "null"],
  ])("gives null for %s", (_, json) => {
    expect(parseCrossrefWork(json)).toBeNull();
  });
});
