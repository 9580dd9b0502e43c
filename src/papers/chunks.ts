// Batch writes and look-ups go to the database in bounded pieces: see DB_ROWS_PER_INSERT.

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
