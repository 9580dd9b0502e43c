// Kysely's SQLite adapter takes no migration lock: it assumes one process per database file.
// Two app processes starting on one file (or a `shortscience migrate` beside a server) would
// then both run a pending migration, and the second fails ("duplicate column"). Here the
// lock is SQLite's own write lock, held from the first read of the migration table to the
// last write: the second process waits, then finds the migrations done.

import { setTimeout as sleep } from "node:timers/promises";
import { type Kysely, SqliteAdapter, sql } from "kysely";
import { SQLITE_MIGRATION_LOCK_WAIT_MS } from "../core/limits";

/** Between two attempts, each of which already waited up to the driver's lock wait. */
const MIGRATION_LOCK_PAUSE_MS = 50;

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "SQLITE_BUSY" || code === "SQLITE_LOCKED";
}

export class MigrationLockingSqliteAdapter extends SqliteAdapter {
  /** Kysely releases the lock even when taking it failed: there is nothing to commit then. */
  readonly #holding = new WeakSet<Kysely<unknown>>();

  override async acquireMigrationLock(db: Kysely<unknown>): Promise<void> {
    // A migration in another process may take far longer than a request may wait.
    const deadline = performance.now() + SQLITE_MIGRATION_LOCK_WAIT_MS;
    for (;;) {
      try {
        await sql`begin immediate`.execute(db);
        this.#holding.add(db);
        return;
      } catch (error) {
        if (!isBusy(error) || performance.now() >= deadline) throw error;
        await sleep(MIGRATION_LOCK_PAUSE_MS);
      }
    }
  }

  override async releaseMigrationLock(db: Kysely<unknown>): Promise<void> {
    // The migrator reports a failed migration instead of throwing, and keeps what ran before
    // it, as it does without this lock.
    if (this.#holding.delete(db)) await sql`commit`.execute(db);
  }
}
