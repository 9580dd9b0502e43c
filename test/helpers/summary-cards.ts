// Real-size summaries for the home page's cards (test/integration/home-cards.test.ts and the
// browser test): papers with five authors, a venue and a year; long summaries with math.
import type { Kysely } from "kysely";
import { nowIso } from "../../src/core/time";
import type { Database } from "../../src/db/schema";
import { insertPaper } from "../../src/papers/paper-writes.repo";
import { ensureVenues } from "../../src/papers/venues.repo";
import { makeSummary, makeUser } from "./factories";

export const CARD_PAPER_AUTHORS = [
  "Ada Lovelace",
  "Bo Zhang",
  "Chidi Okafor",
  "Dana Scully",
  "Emil Artin",
];

export async function paperWithDetails(
  db: Kysely<Database>,
  title: string,
  section: string,
  venue: { key: string; name: string },
): Promise<number> {
  const venues = await ensureVenues(db, [venue]);
  return insertPaper(
    db,
    {
      fields: {
        title,
        authors: CARD_PAPER_AUTHORS,
        year: 2019,
        venue,
        abstract: "An abstract.",
        categories: ["math.ST"],
        section,
        arxivVersion: null,
      },
      venueId: venues.get(venue.key) ?? null,
    },
    { at: nowIso() },
  );
}

/** A real-size summary (~9 KB of Markdown, ~100 KB typeset): paragraphs, math, lists, a table. */
export function longSummary(i: number, startsWithMath: boolean): string {
  const para = (n: number) =>
    `Paragraph ${n} of summary ${i}: the estimator $\\hat\\theta_{${n}} = \\frac{1}{n}\\sum_{k=1}^n x_k$ is unbiased, and its variance $\\sigma^2/n$ shrinks with more data.`;
  const display = `$$\n\\mathcal{L}(\\theta) = \\sum_{k=1}^{n} \\log p_\\theta(x_k) - \\lambda \\lVert \\theta \\rVert_2^2\n$$`;
  const parts: string[] = startsWithMath ? [display] : [];
  for (let s = 0; s < 8; s++) {
    parts.push(`## Section ${s}`, para(s * 3), para(s * 3 + 1), display);
    parts.push(`- a point with $x_${s}$\n- another point\n- a third with $\\alpha_${s}$`);
    parts.push(`| $n$ | error |\n|---|---|\n| ${s} | $10^{-${s}}$ |`);
    parts.push(para(s * 3 + 2));
  }
  return parts.join("\n\n");
}

/**
 * `count` long summaries of papers "Card paper N" in `section` (venue CardConf, 2019); every
 * third opens with a display formula; the second is anonymous (by "Hidden Person").
 */
export async function addLongSummaries(
  db: Kysely<Database>,
  section: string,
  count: number,
): Promise<{ ids: number[]; startsWithMath: Set<number> }> {
  const venue = { key: "cardconf", name: "CardConf" };
  const writer = await makeUser(db, { displayName: "Card Writer" });
  const anonymous = await makeUser(db, { displayName: "Hidden Person" });
  const ids: number[] = [];
  const startsWithMath = new Set<number>();
  for (let i = 0; i < count; i++) {
    const paper = await paperWithDetails(db, `Card paper ${i}`, section, venue);
    const withMath = i % 3 === 0;
    const id = await makeSummary(db, paper, i === 1 ? anonymous.id : writer.id, {
      source: longSummary(i, withMath),
      isAnonymous: i === 1,
    });
    ids.push(id);
    if (withMath) startsWithMath.add(id);
  }
  return { ids, startsWithMath };
}
