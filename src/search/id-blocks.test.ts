import { describe, expect, it } from "vitest";
import { ID_BLOCKS_MAX_LEXEMES, idBlocksQuery } from "./id-blocks";

// The lexemes search_papers.facets gives a paper (migration 2026-12-06T1000-search-facets),
// written out again here from the migration's words: `~i` of id >> 12, `~j` of id >> 16.
const lexemesOf = (id: number) => [`'~i${id >> 12}'`, `'~j${id >> 16}'`];

function covered(query: string, id: number): boolean {
  const set = new Set(query.split(" | "));
  return lexemesOf(id).some((l) => set.has(l));
}

describe("id blocks", () => {
  const cases: [number, number][] = [
    [1, 1],
    [1, 100_000],
    [4095, 4097],
    [4096, 70_000],
    [65_535, 65_537],
    [65_536, 65_536],
    [70_001, 1_000_000],
    [999_999, 1_000_000],
    [123_457, 9_000_000],
  ];

  it("cover every id from the low bound to past the high one, and none below the low's block", () => {
    for (const [low, high] of cases) {
      const q = idBlocksQuery(low, high);
      expect(q).not.toBeNull();
      const query = q as string;
      for (const id of [low, low + 1, (low + high) >> 1, high - 1, high, high + 1, high + 4096])
        if (id >= low)
          expect({ low, high, id, covered: covered(query, id) }).toMatchObject({
            covered: true,
          });
      // Ids added while a search runs: the whole 65,536-block after high's is held too.
      const pastTop = ((high >> 16) + 2) * 65_536 - 1;
      expect(covered(query, pastTop)).toBe(true);
      const belowBlock = (low >> 12) * 4096 - 1;
      if (belowBlock >= 0)
        expect({ low, below: covered(query, belowBlock) }).toEqual({ low, below: false });
    }
  });

  it("take few lexemes: the 4,096-blocks up to a 65,536-block, then 65,536-blocks", () => {
    // From 70,001 (block 17 of 4,096 ids, in the second 65,536-block) to 1,000,000: blocks
    // 17–31, then 65,536-blocks 2–16 (15 up to 1,000,000's, and the one after).
    const q = idBlocksQuery(70_001, 1_000_000) as string;
    expect(q.split(" | ")).toEqual([
      ...Array.from({ length: 15 }, (_, i) => `'~i${17 + i}'`),
      ...Array.from({ length: 15 }, (_, i) => `'~j${2 + i}'`),
    ]);
    // A low bound at a 65,536-block's start needs no 4,096-blocks.
    expect(idBlocksQuery(65_536, 65_536)).toBe("'~j1' | '~j2'");
  });

  it("give up past the most lexemes an OR is worth", () => {
    const limit = ID_BLOCKS_MAX_LEXEMES * 65_536;
    expect(idBlocksQuery(1, limit)).toBeNull();
    expect(idBlocksQuery(1, limit - 10 * 65_536)).not.toBeNull();
  });
});
