import type { ColumnDefinitionBuilder } from "kysely";

// The only place where SQLite and PostgreSQL differ.

export type DialectName = "sqlite" | "postgres";

/** An auto-increment integer primary key. */
export function primaryId(dialect: DialectName) {
  return (col: ColumnDefinitionBuilder) =>
    dialect === "postgres"
      ? col.generatedByDefaultAsIdentity().primaryKey()
      : col.autoIncrement().primaryKey();
}
