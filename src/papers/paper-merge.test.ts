import { describe, expect, it } from "vitest";
import { fieldsOfRecord, mergeRecord, settleSection } from "./paper-merge";
import type { PaperFields, PaperRecord } from "./paper-record";

const record: PaperRecord = {
  title: "A Paper",
  authors: ["Ada Author"],
  year: 2020,
  venue: { key: "icml", name: "ICML" },
  abstract: "Short.",
  categories: [],
  arxivVersion: 1,
  identifiers: [{ scheme: "arxiv", value: "2001.00001" }],
};

describe("settleSection", () => {
  it("lets the primary arXiv category decide the section", () => {
    const d: PaperFields = { ...fieldsOfRecord(record), categories: ["stat.ML", "cs.LG"] };
    expect(d.section).toBe("cs");
    settleSection(d);
    expect(d.section).toBe("stat");
  });

  it("keeps the venue's (or no) section when no category has one", () => {
    const d = fieldsOfRecord({ ...record, categories: ["unknown.XX"] });
    settleSection(d);
    expect(d.section).toBe("cs");
    const none = fieldsOfRecord({ ...record, venue: null });
    settleSection(none);
    expect(none.section).toBeNull();
  });
});

describe("mergeRecord", () => {
  it("takes the newer title, the longer abstract and the higher version; fills the year", () => {
    const d = fieldsOfRecord({ ...record, year: null });
    mergeRecord(d, {
      ...record,
      title: "A Paper, Revised",
      abstract: "A longer abstract.",
      arxivVersion: 3,
      year: 2021,
      venue: { key: "nips", name: "NeurIPS" },
    });
    expect(d).toMatchObject({
      title: "A Paper, Revised",
      abstract: "A longer abstract.",
      arxivVersion: 3,
      year: 2021,
      venue: { key: "icml", name: "ICML" },
    });
  });
});
