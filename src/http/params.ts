import { invalid } from "../core/errors";

/** A positive page number from the query (default 1); anything else is a clear 400. */
export function pageParam(value: string | undefined): number {
  if (value === undefined || value === "") return 1;
  if (!/^\d{1,6}$/.test(value) || Number(value) < 1)
    throw invalid("The page number must be a positive whole number.");
  return Number(value);
}

export function idParam(value: string | undefined, what: string): number {
  if (!value || !/^\d{1,15}$/.test(value) || Number(value) < 1)
    throw invalid(`That ${what} id is not valid.`);
  return Number(value);
}
