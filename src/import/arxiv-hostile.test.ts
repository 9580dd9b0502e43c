// Hostile arXiv snapshot lines, each just under the line bound: every list in a record is
// capped while it is built, the text is cut before it is cleaned, and the next line is read.

import { describe, expect, it } from "vitest";
import {
  IMPORT_CATEGORIES_MAX,
  IMPORT_MAX_LINE_BYTES,
  IMPORT_RECORD_LINKS_MAX,
  PAPER_AUTHORS_MAX,
  PAPER_TITLE_MAX_CHARS,
} from "../core/limits";
import type { PaperRecord } from "../papers/paper-record";
import { readArxivSnapshot } from "./arxiv-snapshot";
import type { ImportItem } from "./import-item";

async function read(lines: string[]) {
  async function* input() {
    for (const line of lines) yield Buffer.from(`${line}\n`);
  }
  const started = performance.now();
  const items: ImportItem[] = [];
  for await (const batch of readArxivSnapshot(input())) for (const item of batch) items.push(item);
  return { items, ms: performance.now() - started };
}

const line = (fields: Record<string, unknown>) =>
  JSON.stringify({ id: "2101.00001", title: "Hostile", ...fields });
const after = line({ id: "2101.00002", title: "After" });
const records = (items: ImportItem[]) =>
  items.flatMap((i): PaperRecord[] => ("record" in i ? [i.record] : []));

describe("readArxivSnapshot on hostile lines", () => {
  it("caps authors, categories and DOIs while building them", async () => {
    const many = 100_000;
    const lines = [
      line({ authors_parsed: Array.from({ length: many }, (_, i) => [`Last${i}`, "First", ""]) }),
      line({ authors: Array.from({ length: many }, (_, i) => `Person ${i}`).join(", ") }),
      line({ categories: "cs.LG ".repeat(many) }),
      line({ doi: Array.from({ length: many }, (_, i) => `10.1000/${i}`).join(" ") }),
      after,
    ];
    for (const l of lines) expect(l.length).toBeLessThan(IMPORT_MAX_LINE_BYTES);
    const { items } = await read(lines);
    const [parsed, free, categories, dois, last] = records(items);
    expect(parsed?.authors).toHaveLength(PAPER_AUTHORS_MAX);
    expect(parsed?.authors[0]).toBe("First Last0");
    expect(free?.authors).toHaveLength(PAPER_AUTHORS_MAX);
    expect(categories?.categories).toHaveLength(IMPORT_CATEGORIES_MAX);
    // The arXiv id, then at most the capped number of DOIs.
    expect(dois?.identifiers.length).toBe(1 + IMPORT_RECORD_LINKS_MAX);
    expect(last?.title).toBe("After");
  });

  it("cleans a 3 MB title and abstract of TeX in bounded time, and reads the next line", async () => {
    const tex = "\\emph{x} \\'e {\\bf y} <i>z</i> &amp; ".repeat(40_000);
    const hostileLine = line({ title: tex, abstract: tex });
    expect(hostileLine.length).toBeLessThan(IMPORT_MAX_LINE_BYTES);
    const { items, ms } = await read([hostileLine, after]);
    const [hostile, last] = records(items);
    expect(hostile?.title.length).toBeGreaterThan(0);
    // Cut to twice the stored length before cleaning; the store cuts the rest.
    expect(hostile?.title.length).toBeLessThanOrEqual(2 * PAPER_TITLE_MAX_CHARS);
    expect(last?.title).toBe("After");
    // Cut before cleaning, this is milliseconds; generous for a loaded machine.
    expect(ms).toBeLessThan(10_000);
  });

  it("reports a line past the bound and goes on", async () => {
    const { items } = await read([
      line({ abstract: "a".repeat(IMPORT_MAX_LINE_BYTES + 10) }),
      after,
    ]);
    expect(items).toEqual([
      { bad: { line: 1, message: "line too long" } },
      { record: expect.objectContaining({ title: "After" }), line: 2 },
    ]);
  });
});
