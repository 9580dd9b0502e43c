// Kysely's SQLite adapter takes no migration lock: it assumes one process per database file.
// Two app processes starting on one file (or a `shortscience migrate` beside a server) would
// then both run a pending migration, and the second fails ("duplicate column"). Here the
// lock is SQLite's own write lock, held from the first read of the migration table to the
// last write: the second process waits, then finds the migrations done.

import { type DialectAdapter, type Kysely, SqliteAdapter, SqliteDialect, sql } from "kysely";

/** Each attempt waits up to the connection's busy_timeout; a long migration needs several. */
const MIGRATION_LOCK_ATTEMPTS = 120;

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "SQLITE_BUSY" || code === "SQLITE_LOCKED";
}

class MigrationLockingSqliteAdapter extends SqliteAdapter {
  override async acquireMigrationLock(db: Kysely<unknown>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await sql`begin immediate`.execute(db);
        return;
      } catch (error) {
        if (!isBusy(error) || attempt >= MIGRATION_LOCK_ATTEMPTS) throw error;
      }
    }
  }

  override async releaseMigrationLock(db: Kysely<unknown>): Promise<void> {
    // The migrator reports a failed migration instead of throwing, and keeps what ran before
    // it, as it does without this lock.
    await sql`commit`.execute(db);
  }
}

export class SqliteDialectWithMigrationLock extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new MigrationLockingSqliteAdapter();
  }
}
