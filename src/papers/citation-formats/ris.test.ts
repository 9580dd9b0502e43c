import { describe, expect, it } from "vitest";
import { toRis } from "./ris";
import { paper, revnet, TRICKY_TITLE, trickyAuthors } from "./test-papers";

/** Splits RIS by the spec: CRLF lines of "TG  - value", TY first, ER last. */
function readRis(ris: string): [string, string][] {
  expect(ris.endsWith("\r\n")).toBe(true);
  const lines = ris.slice(0, -2).split("\r\n");
  for (const line of lines) expect(line).toMatch(/^[A-Z][A-Z0-9] {2}- /);
  expect(ris.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  const tags = lines.map((l): [string, string] => [l.slice(0, 2), l.slice(6)]);
  expect(tags[0]?.[0]).toBe("TY");
  expect(tags.at(-1)).toEqual(["ER", ""]);
  return tags;
}

const values = (tags: [string, string][], tag: string) =>
  tags.filter(([t]) => t === tag).map(([, v]) => v);

describe("toRis", () => {
  it("writes a conference paper with one AU per author and CRLF lines", () => {
    const tags = readRis(toRis(revnet));
    expect(values(tags, "TY")).toEqual(["CPAPER"]);
    expect(values(tags, "TI")).toEqual([revnet.title]);
    expect(values(tags, "AU")).toEqual([
      "Gomez, Aidan N.",
      "Ren, Mengye",
      "Urtasun, Raquel",
      "Grosse, Roger B.",
    ]);
    expect(values(tags, "PY")).toEqual(["2017"]);
    expect(values(tags, "T2")).toEqual(["NeurIPS"]);
    expect(values(tags, "UR")).toEqual(["https://arxiv.org/abs/1707.04585"]);
    expect(values(tags, "L1")).toEqual(["https://arxiv.org/pdf/1707.04585"]);
    expect(values(tags, "N1")).toEqual(["arXiv:1707.04585 [cs.CV]"]);
    expect(values(tags, "AB")).toEqual([revnet.abstract]);
  });

  it("notes details no metadata service confirmed in an N1 line of its own", () => {
    const note = "Details entered by hand, not yet confirmed by a metadata service";
    const tags = readRis(toRis(paper({ unconfirmedNote: note })));
    expect(values(tags, "N1")).toEqual(["arXiv:1707.04585 [cs.CV]", note]);
    expect(values(readRis(toRis(paper({ arxivId: null, unconfirmedNote: note }))), "N1")).toEqual([
      note,
    ]);
  });

  it("keeps special characters and accents as they are (RIS has no escaping)", () => {
    const tags = readRis(toRis(paper({ title: TRICKY_TITLE, authors: trickyAuthors })));
    expect(values(tags, "TI")).toEqual([TRICKY_TITLE]);
    expect(values(tags, "AU")).toContain("Rényi, Alfréd");
    expect(values(tags, "AU")).toContain("De Sa, Christopher");
    expect(values(tags, "AU")).toContain("Plato");
    expect(values(tags, "AU")).toContain("King, Jr., Martin Luther");
  });

  it("uses JOUR/JO for journals, UNPB for preprints, DO for DOIs", () => {
    const journal = readRis(
      toRis(paper({ venue: { name: "Nature", kind: "journal" }, doi: "10.1/x" })),
    );
    expect(values(journal, "TY")).toEqual(["JOUR"]);
    expect(values(journal, "JO")).toEqual(["Nature"]);
    expect(values(journal, "DO")).toEqual(["10.1/x"]);
    expect(values(readRis(toRis(paper({ venue: null }))), "TY")).toEqual(["UNPB"]);
  });

  it("puts multi-line abstracts on one line and leaves out what is missing", () => {
    const tags = readRis(
      toRis(paper({ abstract: "one\ntwo\u2028three", year: null, venue: null, authors: [] })),
    );
    expect(values(tags, "AB")).toEqual(["one two three"]);
    expect(values(tags, "PY")).toEqual([]);
    expect(values(tags, "AU")).toEqual([]);
    expect(values(tags, "T2")).toEqual([]);
  });
});
