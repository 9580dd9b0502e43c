import { type Kysely, sql } from "kysely";

/** Runs raw SQL statements one after the other: the body of a migration written as SQL
 *  (migrations/ holds migrations and their index only). */
export async function runStatements(
  db: Kysely<unknown>,
  statements: readonly string[],
): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
