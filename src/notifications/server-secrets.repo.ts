import type { Kysely } from "kysely";
import type { Database } from "../db/schema";

// The server_secrets table's one writer: keys the server makes for itself on first use.

export async function readSecret(db: Kysely<Database>, name: string): Promise<string | null> {
  const row = await db
    .selectFrom("server_secrets")
    .select("value")
    .where("name", "=", name)
    .executeTakeFirst();
  return row?.value ?? null;
}

/** Stores `value` unless a secret of that name exists: the first process to store one wins. */
export async function insertSecretIfMissing(
  db: Kysely<Database>,
  s: { name: string; value: string; at: string },
): Promise<void> {
  await db
    .insertInto("server_secrets")
    .values({ name: s.name, value: s.value, created_at: s.at })
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
}
