import { invalid } from "../core/errors";

// Cursors are opaque to clients: base64url of the last item's sort key (a short array of
// integers). Anything else is refused as a 400, never trusted as a query value.

const MAX_KEY = Number.MAX_SAFE_INTEGER;

export function encodeCursor(key: readonly number[]): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

/** The sort key a cursor carries, of exactly `length` integers; undefined cursor → null. */
export function decodeCursor(cursor: string | undefined, length: number): number[] | null {
  if (cursor === undefined || cursor === "") return null;
  const bad = () => invalid("cursor: not a cursor this API gave out; start again without it.");
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) throw bad();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw bad();
  }
  if (
    !Array.isArray(value) ||
    value.length !== length ||
    !value.every((n) => Number.isSafeInteger(n) && Math.abs(n) <= MAX_KEY)
  ) {
    throw bad();
  }
  return value as number[];
}
