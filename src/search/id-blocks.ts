// A range of paper ids as lexemes of search_papers.facets (migration
// 2026-12-06T1000-search-facets), so that PostgreSQL's GIN index answers "ids from `low` up"
// together with a search's words instead of a primary-key bitmap of every id in the range.

import { ID_COARSE_BITS, ID_FINE_BITS } from "../db/migrations/2026-12-06T1000-search-facets";

const FINE_PER_COARSE = 2 ** (ID_COARSE_BITS - ID_FINE_BITS);
/** Past this many lexemes an OR costs the index more than the range saves: the caller's btree. */
export const ID_BLOCKS_MAX_LEXEMES = 256;

/**
 * Tsquery text matching every id from `low` to `high`, and more: the ids below `low` in its
 * 4,096-block (the caller tests `id > low - 1` on the rows it reads), and those up to the end of
 * the 65,536-block after `high`'s, so that papers added since `high` was read are not left out.
 * The 4,096-blocks from `low` to its 65,536-block's end, then 65,536-blocks. Null when that takes
 * more than ID_BLOCKS_MAX_LEXEMES lexemes.
 */
export function idBlocksQuery(low: number, high: number): string | null {
  const lowFine = Math.floor(low / 2 ** ID_FINE_BITS);
  const lowCoarse = Math.floor(low / 2 ** ID_COARSE_BITS);
  const topCoarse = Math.floor(Math.max(low, high) / 2 ** ID_COARSE_BITS) + 1;
  const startsBlock = lowFine % FINE_PER_COARSE === 0;
  const fineEnd = startsBlock ? lowFine : (lowCoarse + 1) * FINE_PER_COARSE;
  const firstCoarse = startsBlock ? lowCoarse : lowCoarse + 1;
  const count = fineEnd - lowFine + (topCoarse - firstCoarse + 1);
  if (count > ID_BLOCKS_MAX_LEXEMES) return null;
  const lexemes: string[] = [];
  for (let f = lowFine; f < fineEnd; f++) lexemes.push(`'~i${f}'`);
  for (let c = firstCoarse; c <= topCoarse; c++) lexemes.push(`'~j${c}'`);
  return lexemes.join(" | ");
}
