import { describe, expect, it } from "vitest";
import { parseCacheTags } from "./page-cache-tags";

describe("parseCacheTags", () => {
  it("reads the words a page declared", () => {
    expect(parseCacheTags("paper:12 summary:3 home")).toEqual(["paper:12", "summary:3", "home"]);
  });

  it("treats no tags, a malformed tag or the wildcard as depending on everything", () => {
    expect(parseCacheTags(null)).toBeNull();
    expect(parseCacheTags("   ")).toBeNull();
    expect(parseCacheTags("paper:12 Paper:13")).toBeNull();
    expect(parseCacheTags("paper:x")).toBeNull();
    expect(parseCacheTags("paper:1 *")).toBeNull();
    expect(
      parseCacheTags(Array.from({ length: 1000 }, (_, i) => `paper:${i}`).join(" ")),
    ).toBeNull();
  });
});
