import { describe, expect, it } from "vitest";
import { fixture } from "../../../test/fixtures/metadata/harness";
import { parseArxivAtom } from "./arxiv.parse";

describe("parseArxivAtom", () => {
  it("cleans a TeX title with entities, newlines and runs of spaces; keeps its math", () => {
    const m = parseArxivAtom(fixture("arxiv_tex_title.xml"), "1706.99999");
    expect(m).toEqual({
      title:
        "Gödel, Escher & Étienne: Schrödinger Bridges for BERT-style Models with $O(n \\log n)$ Cost",
      authors: ["Ana Ferreira", "Wirawan", "José García"],
      year: 2017,
      venue: null,
      abstract:
        "We study Schrödinger bridges between distributions and show a rate of $O(n^{-1/2})$ " +
        "for the naïve estimator & its variants.\n\nIn a second paragraph, we thank François and Łukasz.",
      identifiers: [{ scheme: "arxiv", value: "1706.99999" }],
      arxivVersion: 3,
      categories: ["cs.LG", "stat.ML"],
      journalRef: null,
      source: "arxiv",
    });
  });

  it("reads old-style ids (arXiv drops the subject class), several DOIs and the journal ref", () => {
    const m = parseArxivAtom(fixture("arxiv_old_style.xml"), "math.GT/0309999");
    expect(m?.identifiers).toEqual([
      { scheme: "arxiv", value: "math/0309999" },
      { scheme: "doi", value: "10.5555/knots.1" },
      { scheme: "doi", value: "10.5555/knots.2" },
    ]);
    expect(m?.journalRef).toBe("Fixture J. Math. 1 (2004) 1-10");
    expect(m?.arxivVersion).toBe(2);
    expect(m?.categories).toEqual(["math.GT"]);
  });

  it.each([
    ["an empty feed (unknown id)", fixture("arxiv_empty.xml")],
    ["arXiv's error entry", fixture("arxiv_error.xml")],
    ["an HTML error page", "<html><body>Service Unavailable</body></html>"],
    ["garbage", "<<<not xml"],
    ["nothing", ""],
  ])("gives null for %s", (_, xml) => {
    expect(parseArxivAtom(xml)).toBeNull();
  });

  it("skips an entry for another id than the one asked for", () => {
    expect(parseArxivAtom(fixture("arxiv_tex_title.xml"), "1706.00000")).toBeNull();
  });
});
