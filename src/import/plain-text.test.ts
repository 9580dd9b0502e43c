import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cleanAbstract, cleanName, cleanTitle } from "../papers/resolvers/text";
import { plainAbstract, plainName, plainTitle } from "./plain-text";

// Text made of what decides the cleaners' results: spaces of every kind, line breaks,
// indents, words, digits (homonym numbers), and now and then TeX, tags or entities.
const piece = fc.constantFrom(
  " ",
  "  ",
  "\t",
  "\n",
  "\r\n",
  "\n\n",
  "\n  ",
  "\u00a0",
  "\u2028",
  "word",
  "Abstract",
  "é",
  "0001",
  "\\'e",
  "{B}",
  "<i>x</i>",
  "&amp;",
);
const text = fc.array(piece, { maxLength: 40 }).map((parts) => parts.join(""));

describe("the fast path gives the cleaners' results", () => {
  it.each([
    ["abstract", plainAbstract, (t: string) => cleanAbstract(t, true)],
    ["title", plainTitle, cleanTitle],
    ["name", plainName, cleanName],
  ] as const)("%s", (_, fast, full) => {
    fc.assert(
      fc.property(text, (t) => {
        expect(fast(t)).toBe(full(t));
      }),
      { numRuns: 3_000 },
    );
  });

  it("on an arXiv abstract with indented paragraphs", () => {
    const abstract =
      "  A fully differential calculation is\npresented here.\n  A second paragraph,\nwrapped.\n";
    expect(plainAbstract(abstract)).toBe(
      "A fully differential calculation is presented here.\n\nA second paragraph, wrapped.",
    );
    expect(plainAbstract(abstract)).toBe(cleanAbstract(abstract, true));
  });
});
