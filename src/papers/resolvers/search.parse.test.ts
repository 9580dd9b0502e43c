// The three title-search parsers on answers written in each service's format
// (test/fixtures/metadata/*_search*), and on answers that are not what they claim to be.

import { describe, expect, it } from "vitest";
import { fixture } from "../../../test/fixtures/metadata/harness";
import { parseArxivSearch } from "./arxiv-search.parse";
import { parseCrossrefSearch } from "./crossref-search.parse";
import { parseDblpSearch } from "./dblp-search.parse";
import { readHits } from "./search-hit";

const ids = (hits: { id: { scheme: string; value: string } }[] | null) =>
  (hits ?? []).map((h) => `${h.id.scheme}:${h.id.value}`);

describe("arXiv search (Atom)", () => {
  const hits = parseArxivSearch(fixture("arxiv_search.xml"), 8);

  it("reads each entry's id without its version, old-style ids included", () => {
    expect(ids(hits)).toEqual([
      "arxiv:1706.03762",
      "arxiv:2101.00001",
      "arxiv:hep-th/9901001",
      "arxiv:math.GT/0309136",
      "arxiv:2202.00002",
    ]);
  });

  it("cleans TeX accents, entities and line wraps in titles, keeps math and unicode", () => {
    expect(hits?.[1]).toEqual({
      title:
        "Attention for Schrödinger Operators: $\\mathcal{O}(n \\log n)$ Bounds & the Naïve Approach",
      authors: ["Zoë Müller", "José Ñúñez-Ørsted", "李 小龍"],
      year: 2021,
      venue: "Fixture J. Phys. 12 (2021) 1-20",
      id: { scheme: "arxiv", value: "2101.00001" },
    });
  });

  it("tolerates a missing date and no authors; skips foreign ids and empty titles", () => {
    expect(hits?.[4]).toMatchObject({ title: "Attention without a Date", authors: [], year: null });
    expect(hits?.map((h) => h.title)).not.toContain("Attention from Elsewhere");
  });

  it("stops at the count asked for", () => {
    expect(ids(parseArxivSearch(fixture("arxiv_search.xml"), 2))).toHaveLength(2);
  });

  it("an empty feed or arXiv's Error entry is no match; a non-feed is no answer", () => {
    expect(parseArxivSearch(fixture("arxiv_empty.xml"), 8)).toEqual([]);
    expect(parseArxivSearch(fixture("arxiv_error.xml"), 8)).toEqual([]);
    expect(parseArxivSearch("<html><body>Service unavailable", 8)).toBeNull();
    expect(parseArxivSearch("<feed><entry><title>x</title>", 8)).toBeNull();
    expect(parseArxivSearch('{"feed": []}', 8)).toBeNull();
    expect(parseArxivSearch("", 8)).toBeNull();
  });
});

describe("Crossref search (/works JSON)", () => {
  const hits = parseCrossrefSearch(fixture("crossref_search.json"), 8);

  it("takes the first of the title array, DOIs lower-cased, arXiv's DOI as the arXiv id", () => {
    expect(ids(hits)).toEqual([
      "doi:10.18653/v1/n19-1423",
      "doi:10.1016/j.cell.2020.01.001",
      "doi:10.5555/no-year.1",
      "arxiv:1706.03762",
      "doi:10.5555/tex-title.2",
    ]);
    expect(hits?.[2]?.title).toBe("Attention Collaboration Report");
  });

  it("drops tags, decodes entities, converts TeX accents; family-only and group authors", () => {
    expect(hits?.[1]).toMatchObject({
      title: "In vivo attention to <5 nm particles & their 2D maps",
      authors: ["Émilie Lefèvre", "Ørsted"],
      year: 2020,
      venue: "Cell",
    });
    expect(hits?.[2]).toMatchObject({ authors: ["The ATLAS Collaboration"], year: null });
    expect(hits?.[4]).toMatchObject({
      title: "$\\alpha$-Divergence Attention für Gaussian Échantillonnage",
      year: 2018,
    });
  });

  it("anything but a work list is no answer", () => {
    expect(parseCrossrefSearch(fixture("crossref_current.json"), 8)).toBeNull();
    expect(parseCrossrefSearch("{not json", 8)).toBeNull();
    expect(parseCrossrefSearch("<html></html>", 8)).toBeNull();
    expect(parseCrossrefSearch('{"message-type":"work-list","message":{}}', 8)).toBeNull();
    expect(parseCrossrefSearch('{"message-type":"work-list","message":{"items":[]}}', 8)).toEqual(
      [],
    );
  });
});

describe("DBLP search (JSON)", () => {
  const hits = parseDblpSearch(fixture("dblp_search.json"), 8);

  it("a CoRR record is the arXiv paper; else the DOI, a DOI link, or the DBLP key", () => {
    expect(ids(hits)).toEqual([
      "arxiv:1706.03762",
      "dblp:conf/nips/VaswaniSPUJGKP17",
      "doi:10.5555/jmlr.2020.21",
      "doi:10.5555/fixture.4",
    ]);
  });

  it("reads authors as an array or one object, venues as a string or array", () => {
    expect(hits?.[1]).toMatchObject({ authors: ["Ashish Vaswani"], venue: "NIPS" });
    expect(hits?.[2]).toEqual({
      title: "Attention & Memory in Deep Networks: A Survey",
      authors: ["Wei Wang", "Zoë Ångström"],
      year: 2020,
      venue: "J. Mach. Learn. Res.",
      id: { scheme: "doi", value: "10.5555/jmlr.2020.21" },
    });
    expect(hits?.[3]?.year).toBeNull();
  });

  it("one hit comes as an object, no hit as no field", () => {
    expect(parseDblpSearch(fixture("dblp_search_single.json"), 8)).toEqual([
      {
        title: "Attention and the Cat",
        authors: ["Erwin Schrödinger"],
        year: 1935,
        venue: "Naturwissenschaften",
        id: { scheme: "doi", value: "10.1007/bf01491891" },
      },
    ]);
    expect(parseDblpSearch(fixture("dblp_search_empty.json"), 8)).toEqual([]);
  });

  it("anything but DBLP's result is no answer", () => {
    expect(parseDblpSearch('{"result": {"status": "error"}}', 8)).toBeNull();
    expect(parseDblpSearch("[]", 8)).toBeNull();
    expect(parseDblpSearch("\u0000\u0001", 8)).toBeNull();
  });
});

describe("bounds", () => {
  it("a huge answer yields at most `max` hits, each with at most 20 authors", () => {
    const many = Array.from({ length: 200 }, (_, i) => ({
      DOI: `10.5555/many.${i}`,
      title: [`Title ${i}`],
      author: Array.from({ length: 300 }, (_, j) => ({ family: `A${j}` })),
    }));
    const json = JSON.stringify({ "message-type": "work-list", message: { items: many } });
    const hits = parseCrossrefSearch(json, 8);
    expect(hits).toHaveLength(8);
    expect(hits?.every((h) => h.authors.length === 20)).toBe(true);
  });

  it("a cached list is read back only when it has the shape written", () => {
    const hits = parseDblpSearch(fixture("dblp_search.json"), 8) ?? [];
    expect(readHits(JSON.stringify(hits))).toEqual(hits);
    expect(readHits('[{"title":"x","authors":[],"year":null,"venue":null,"id":{}}]')).toBeNull();
    expect(readHits("{")).toBeNull();
  });
});
