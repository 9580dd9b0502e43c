import { describe, expect, it } from "vitest";
import { recordFromSnapshot } from "./arxiv-snapshot";

describe("recordFromSnapshot", () => {
  it("falls back to the free-text authors, the update date and the id for what is missing", () => {
    const r = recordFromSnapshot({
      id: "hep-th/9901001",
      title: "  A  title\n  on two lines ",
      authors: "A. One (MIT), B. Two and C. Three",
      categories: "hep-th",
    });
    expect(r).toMatchObject({
      title: "A title on two lines",
      authors: ["A. One", "B. Two", "C. Three"],
      year: 1999,
      arxivVersion: null,
      identifiers: [{ scheme: "arxiv", value: "hep-th/9901001" }],
    });
    expect(
      recordFromSnapshot({ id: "0704.0001", title: "T", update_date: "2008-11-13" }),
    ).toMatchObject({
      year: 2008,
    });
    expect(recordFromSnapshot({ id: "1501.00001", title: "T" })).toMatchObject({ year: 2015 });
  });

  it("lists several DOIs each once, normalized", () => {
    const r = recordFromSnapshot({
      id: "1501.00001",
      title: "T",
      doi: "10.1000/A 10.1000/a 10.2000/b",
    });
    expect(r).toMatchObject({
      identifiers: [
        { scheme: "arxiv", value: "1501.00001" },
        { scheme: "doi", value: "10.1000/a" },
        { scheme: "doi", value: "10.2000/b" },
      ],
    });
  });

  it("says why a line is not a record", () => {
    expect(recordFromSnapshot({ id: "nonsense", title: "T" })).toMatch(/not an arXiv identifier/);
    expect(recordFromSnapshot({ id: "1501.00001", title: " " })).toBe("1501.00001: no title");
  });
});
