// The real-world corpus: the five seed summaries must typeset all 39 expressions without an
// error, and every payload of the classic XSS list must render inert.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/render";
import { findActiveContent } from "../helpers/html-inert";

const sharedDir = process.env.SHARED_DIR ?? path.resolve("../shared");
const seedDir = path.join(sharedDir, "corpus", "seed");
const xssFile = path.join(sharedDir, "corpus", "xss", "rsnake.txt");

const EXPECTED_EXPRESSIONS: Record<string, number> = {
  "01-seqgan.md": 7,
  "02-squeezenet.md": 5,
  "03-gibbs-scan-order.md": 0,
  "04-revnet.md": 20,
  "05-robust-features.md": 7,
};

describe("seed summaries", () => {
  const files = readdirSync(seedDir)
    .filter((f) => f.endsWith(".md"))
    .sort();

  it("are the five known files", () => {
    expect(files).toEqual(Object.keys(EXPECTED_EXPRESSIONS));
  });

  it.each(files)("%s typesets every expression without an error", (file) => {
    const result = renderMarkdown(readFileSync(path.join(seedDir, file), "utf8"));
    expect(result.mathErrors).toEqual([]);
    expect(result.mathCount).toBe(EXPECTED_EXPRESSIONS[file]);
    expect(result.html).not.toContain("math-error");
    expect(result.html).not.toContain("katex-error");
    expect(result.html.split('<span class="katex">').length - 1).toBe(result.mathCount);
    expect(findActiveContent(result.html)).toEqual([]);
  });

  it("typeset 39 of 39 in all", () => {
    let count = 0;
    let errors = 0;
    for (const file of files) {
      const result = renderMarkdown(readFileSync(path.join(seedDir, file), "utf8"));
      count += result.mathCount;
      errors += result.mathErrors.length;
    }
    expect({ count, errors }).toEqual({ count: 39, errors: 0 });
  });
});

describe("XSS filter-evasion payloads", () => {
  const payloads = readFileSync(xssFile, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "");

  it("are all there", () => {
    expect(payloads.length).toBeGreaterThan(60);
  });

  it.each(payloads.map((p, i) => [i + 1, p] as const))(
    "payload %i renders inert as summary text, in math, links and tables",
    (_line, payload) => {
      const placements = [
        payload,
        `Some text.\n\n${payload}\n\nMore $x$ text.`,
        `$${payload}$ and $$${payload}$$`,
        `[${payload}](${payload}) ![${payload}](${payload}) <${payload}>`,
        `| a |\n|---|\n| ${payload} |`,
      ];
      for (const source of placements) {
        expect(findActiveContent(renderMarkdown(source).html)).toEqual([]);
      }
    },
  );

  it("the whole list renders inert as one summary", () => {
    expect(findActiveContent(renderMarkdown(payloads.join("\n\n")).html)).toEqual([]);
  });
});
