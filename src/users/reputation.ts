// Reputation ("SciScore" on the original site): the average net vote a user's counted
// summaries received, rounded to 3 decimals. Pure, so the rounding is the same on SQLite
// (floating-point averages) and PostgreSQL (numeric ones): the database returns integers.

/** What the database sums up for one user: the net vote of each counted summary, added, and how many. */
export interface ReputationTotals {
  /** Sum over the counted summaries of their net (old enough) votes. */
  net: number;
  /** Counted summaries: public, signed, with at least one vote old enough. */
  summaries: number;
}

/** net / summaries rounded half away from zero to 3 decimals (PHP's round(), as the original). 0 without summaries. */
export function reputationOf(t: ReputationTotals): number {
  if (t.summaries <= 0) return 0;
  // Integer arithmetic: 1000·net/summaries rounded exactly, never 0.0625 → 0.062 by float error.
  const scaled = Math.abs(t.net) * 1000;
  const rounded = Math.floor((2 * scaled + t.summaries) / (2 * t.summaries));
  const value = (Math.sign(t.net) * rounded) / 1000;
  return value === 0 ? 0 : value;
}
