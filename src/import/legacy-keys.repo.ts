import type { Kysely } from "kysely";
import type { Database } from "../db/schema";

// The legacy_keys table's one writer: which row an import made from a dump's own key, so a
// re-run updates that row instead of adding a second one.

export type LegacyKind = "user" | "paper" | "summary" | "comment";

/** The ids already made from `keys` (of one source and kind), by key. */
export async function findLegacyIds(
  db: Kysely<Database>,
  source: string,
  kind: LegacyKind,
  keys: readonly string[],
): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  const unique = [...new Set(keys)];
  // Bounded IN lists: a batch never sends more parameters than either database takes.
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom("legacy_keys")
      .select(["legacy_key", "new_id"])
      .where("source", "=", source)
      .where("kind", "=", kind)
      .where("legacy_key", "in", unique.slice(i, i + 500))
      .execute();
    for (const r of rows) found.set(r.legacy_key, r.new_id);
  }
  return found;
}

/** Records (or moves) the row made from a key; call in the transaction that made the row. */
export async function recordLegacyId(
  db: Kysely<Database>,
  source: string,
  kind: LegacyKind,
  key: string,
  newId: number,
): Promise<void> {
  await db
    .insertInto("legacy_keys")
    .values({ source, kind, legacy_key: key, new_id: newId })
    .onConflict((oc) => oc.columns(["source", "kind", "legacy_key"]).doUpdateSet({ new_id: newId }))
    .execute();
}
