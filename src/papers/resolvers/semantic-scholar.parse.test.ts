import { describe, expect, it } from "vitest";
import { fixture } from "../../../test/fixtures/metadata/harness";
import { parseOpenReviewNotes } from "./openreview.parse";
import { parseS2Paper } from "./semantic-scholar.parse";

describe("parseS2Paper", () => {
  it("reads a paper: external ids normalized, null abstract, venue from the journal", () => {
    expect(parseS2Paper(fixture("s2_paper.json"))).toEqual({
      title: "Single Author & Single Hit: A Fixture",
      authors: ["Wei Wang", "Wirawan"],
      year: 2019,
      venue: "ArXiv",
      abstract: "",
      identifiers: [
        { scheme: "s2", value: "0123456789abcdef0123456789abcdef01234567" },
        { scheme: "doi", value: "10.5555/single.1" },
        { scheme: "arxiv", value: "1901.00001" },
        { scheme: "pmid", value: "99999901" },
        { scheme: "s2corpus", value: "4242" },
      ],
      arxivVersion: null,
      categories: [],
      journalRef: null,
      source: "semantic-scholar",
    });
  });

  it("gives null for error bodies", () => {
    expect(parseS2Paper(fixture("s2_not_found.json"))).toBeNull();
    expect(parseS2Paper(fixture("s2_rate_limited.json"))).toBeNull();
  });
});

describe("parseOpenReviewNotes", () => {
  it("reads an API 2 note ({value} fields); the venue names the year", () => {
    expect(parseOpenReviewNotes(fixture("openreview_v2.json"), "FixtureId2X")).toMatchObject({
      title: "Transformers for Fixtures",
      authors: ["Ana Ferreira", "Wirawan"],
      year: 2024,
      venue: "ICLR 2024 poster",
      abstract: "We test with fixtures & more.",
      identifiers: [{ scheme: "openreview", value: "FixtureId2X" }],
      source: "openreview",
    });
  });

  it("reads an API 1 note (bare values); the year comes from its date", () => {
    const m = parseOpenReviewNotes(fixture("openreview_v1.json"), "FixtureOld1");
    expect(m).toMatchObject({
      title: "An Older Note",
      authors: ["K. Author"],
      year: 2017,
      venue: null,
    });
  });

  it("gives null when the note is not in the answer", () => {
    expect(parseOpenReviewNotes(fixture("openreview_v2.json"), "Other12345")).toBeNull();
    expect(parseOpenReviewNotes('{"notes":[]}', "FixtureId2X")).toBeNull();
  });
});
