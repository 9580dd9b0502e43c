import { invalid } from "../core/errors";

/** A positive page number from the query (default 1); anything else is a clear 400. */
export function pageParam(value: string | undefined): number {
  if (value === undefined || value === "") return 1;
  if (!/^\d{1,6}$/.test(value) || Number(value) < 1)
    throw invalid("The page number must be a positive whole number.");
  return Number(value);
}

/** The largest id a row can have (PostgreSQL `integer`). */
export const MAX_ID = 2_147_483_647;

export function idParam(value: string | undefined, what: string): number {
  // Ids are 32-bit integers on PostgreSQL: a larger one names nothing (a 400, not a 500).
  if (!value || !/^\d{1,10}$/.test(value) || Number(value) < 1 || Number(value) > MAX_ID)
    throw invalid(`That ${what} id is not valid.`);
  return Number(value);
}
