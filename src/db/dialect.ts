import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter, sql } from "kysely";

// The only place where SQLite and PostgreSQL differ.

export type DialectName = "sqlite" | "postgres";

/** Which database `db` (or a transaction of it, or a read-pool reader) talks to. */
export function dialectOf<DB>(db: Kysely<DB>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";
}

/** An auto-increment integer primary key. */
export function primaryId(dialect: DialectName) {
  return (col: ColumnDefinitionBuilder) =>
    dialect === "postgres"
      ? col.generatedByDefaultAsIdentity().primaryKey()
      : col.autoIncrement().primaryKey();
}

/**
 * Makes transactions that lock the same `key` run one after the other, until each commits or
 * rolls back: for a check across tables that no unique key covers (a username is free in
 * `users` and in `pending_signups`). PostgreSQL: a transaction-scoped advisory lock on the
 * key's hash (a collision only serialises two keys). SQLite: nothing to do here, because a
 * transaction whose first statement writes holds the whole database's write lock; the caller
 * must make sure one does.
 */
export async function lockKeyUntilCommit<DB>(trx: Kysely<DB>, key: string): Promise<void> {
  if (dialectOf(trx) !== "postgres") return;
  await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
}
