import { describe, expect, it } from "vitest";
import type { PaperRow } from "../db/schema";
import type { PaperFields } from "./paper-record";
import {
  DETAIL_COLUMNS,
  decodeAuthors,
  decodeCategories,
  encodeAuthors,
  encodeCategories,
  encodePaperDetails,
  fieldsOfStored,
  metadataSourceOf,
  paperFromRow,
  type StoredPaper,
  storedDetailsEqual,
} from "./papers.mapper";

const row: PaperRow = {
  id: 7,
  title: "Attention Is All You Need",
  authors: '["Ashish Vaswani","Noam Shazeer"]',
  year: 2017,
  venue_id: 3,
  abstract: "Transformers.",
  categories: "cs.CL cs.LG",
  section: "cs",
  arxiv_version: 5,
  created_at: "2024-01-01T00:00:00.000Z",
  updated_at: "2024-01-01T00:00:00.000Z",
  metadata_source: "service",
  metadata_checked_at: null,
};

describe("authors and categories", () => {
  it("round-trip through their stored text", () => {
    const authors = ["Zoë García", 'A "quoted" name', "O'Brien"];
    expect(decodeAuthors(encodeAuthors(authors))).toEqual(authors);
    expect(decodeCategories(encodeCategories(["cs.CV", "stat.ML"]))).toEqual(["cs.CV", "stat.ML"]);
  });

  it("store authors as a JSON array and categories space-separated, primary first", () => {
    expect(encodeAuthors(["A", "B"])).toBe('["A","B"]');
    expect(encodeCategories(["cs.CV", "cs.LG"])).toBe("cs.CV cs.LG");
    expect(encodeAuthors([])).toBe("[]");
    expect(encodeCategories([])).toBe("");
  });

  it("read a hand-edited row's bad values as empty, never throwing", () => {
    expect(decodeAuthors("not json")).toEqual([]);
    expect(decodeAuthors('{"a": 1}')).toEqual([]);
    expect(decodeAuthors('["A", 3, null, "B"]')).toEqual(["A", "B"]);
    expect(decodeCategories("")).toEqual([]);
    expect(decodeCategories("  cs.CV   cs.LG ")).toEqual(["cs.CV", "cs.LG"]);
  });
});

describe("metadataSourceOf", () => {
  it("keeps the two hand-entry values and reads anything else as a service's record", () => {
    expect(metadataSourceOf("hand")).toBe("hand");
    expect(metadataSourceOf("moderator")).toBe("moderator");
    expect(metadataSourceOf("service")).toBe("service");
    expect(metadataSourceOf("")).toBe("service");
  });
});

describe("paperFromRow", () => {
  it("decodes the row and derives the path and links from the identifiers", () => {
    const paper = paperFromRow(row, { key: "nips", name: "NeurIPS" }, [
      { scheme: "doi", value: "10.5555/x.1" },
      { scheme: "arxiv", value: "1706.03762" },
    ]);
    expect(paper).toEqual({
      id: 7,
      path: "/paper/arxiv/1706.03762",
      title: "Attention Is All You Need",
      authors: ["Ashish Vaswani", "Noam Shazeer"],
      year: 2017,
      venue: { key: "nips", name: "NeurIPS" },
      abstract: "Transformers.",
      categories: ["cs.CL", "cs.LG"],
      arxivId: "1706.03762",
      arxivVersion: 5,
      doi: "10.5555/x.1",
      links: [
        { label: "arXiv", href: "https://arxiv.org/abs/1706.03762" },
        { label: "PDF", href: "https://arxiv.org/pdf/1706.03762" },
        { label: "DOI", href: "https://doi.org/10.5555/x.1" },
      ],
      metadataSource: "service",
    });
  });

  it("gives a paper without identifiers its numeric path and no links", () => {
    const paper = paperFromRow({ ...row, metadata_source: "hand" }, null, []);
    expect(paper.path).toBe("/paper/id/7");
    expect(paper.links).toEqual([]);
    expect(paper.venue).toBeNull();
    expect(paper.metadataSource).toBe("hand");
  });
});

const fields: PaperFields = {
  title: "Attention Is All You Need",
  authors: ["Ashish Vaswani", "Noam Shazeer"],
  year: 2017,
  venue: { key: "nips", name: "NeurIPS" },
  abstract: "Transformers.",
  categories: ["cs.CL", "cs.LG"],
  arxivVersion: 5,
  section: "cs",
};

// The row above as the paper store reads it, with its venue's key.
const { created_at: _c, updated_at: _u, metadata_checked_at: _m, ...details } = row;
const stored: StoredPaper = { ...details, venue_key: "nips" };

describe("encodePaperDetails", () => {
  it("encodes the fields with the venue's id, keys in DETAIL_COLUMNS order", () => {
    const encoded = encodePaperDetails({ fields, venueId: 3 });
    // The paper writer binds a cached INSERT's values in this order.
    expect(Object.keys(encoded)).toEqual([...DETAIL_COLUMNS]);
    // `fields` are the row's details decoded: encoded, they are its columns again.
    expect(encoded).toEqual(Object.fromEntries(DETAIL_COLUMNS.map((c) => [c, row[c]])));
  });
});

describe("fieldsOfStored", () => {
  it("decodes a stored paper into the fields a merge works on", () => {
    expect(fieldsOfStored(stored)).toEqual({ ...fields, venue: { key: "nips", name: "" } });
    expect(fieldsOfStored({ ...stored, venue_key: null, authors: "not json" })).toMatchObject({
      venue: null,
      authors: [],
    });
  });
});

describe("storedDetailsEqual", () => {
  it("is true only when writing the fields would leave every detail column as it is", () => {
    expect(storedDetailsEqual(stored, { fields, venueId: 3 })).toBe(true);
    expect(storedDetailsEqual(stored, { fields, venueId: 4 })).toBe(false);
    expect(storedDetailsEqual(stored, { fields: { ...fields, section: null }, venueId: 3 })).toBe(
      false,
    );
    expect(storedDetailsEqual(stored, { fields: { ...fields, arxivVersion: 6 }, venueId: 3 })).toBe(
      false,
    );
  });

  it("compares the stored text, so a hand-edited row that decodes the same is rewritten", () => {
    const spaced = {
      ...stored,
      categories: "cs.CL  cs.LG",
      authors: '["Ashish Vaswani", "Noam Shazeer"]',
    };
    expect(fieldsOfStored(spaced)).toEqual(fieldsOfStored(stored));
    expect(storedDetailsEqual(spaced, { fields, venueId: 3 })).toBe(false);
  });
});
