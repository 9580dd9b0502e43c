// Which imports run right now, across processes. Each import holds a shared lock on a small
// SQLite file beside the database (DB.import-lock, rollback-journal mode, where a read
// transaction's lock lasts until it ends) for as long as it runs. The operating system drops
// the lock with the process, however it ends (a second Ctrl-C, SIGTERM, SIGKILL, a crash), so
// "no import runs" is known for sure, with no pid or timeout to guess from: the exclusive lock
// is granted only while no import holds the shared one, and no import starts while it is held.
// The file is left in place after use: deleting a lock file another process has open would
// let two processes each believe they hold "the" lock.

import Sqlite from "better-sqlite3";

/** How long an import waits at its start for a check in progress (it holds the lock briefly). */
const HOLD_WAIT_MS = 30_000;

/** Every hold not yet released. Without a reference of its own, a hold kept only by an awaiting
 *  function (whose promise nothing else reaches) could be garbage-collected, and collecting a
 *  better-sqlite3 handle closes it: the lock would end while the import runs. */
const heldLocks = new Set<Sqlite.Database>();

export interface ImportHold {
  release(): void;
}

function lockFileOf(databaseFile: string): string {
  return `${databaseFile}.import-lock`;
}

function open(databaseFile: string, waitMs: number): Sqlite.Database {
  const lock = new Sqlite(lockFileOf(databaseFile), { timeout: waitMs });
  try {
    lock.exec("create table if not exists hold (x)");
    return lock;
  } catch (error) {
    lock.close();
    throw error;
  }
}

/** Held for an import's whole run; several imports may hold it at once. */
export function holdForImport(databaseFile: string): ImportHold {
  const lock = open(databaseFile, HOLD_WAIT_MS);
  try {
    lock.exec("begin");
    lock.prepare("select count(*) from hold").get();
  } catch (error) {
    lock.close();
    throw error;
  }
  heldLocks.add(lock);
  // Closing the handle ends its transaction, and with it the shared lock.
  return {
    release: () => {
      heldLocks.delete(lock);
      lock.close();
    },
  };
}

/**
 * Runs `work` only if no import holds the lock, keeping every import from starting until it
 * is done. Resolves false, without running it, while an import runs.
 */
export async function whenNoImportRuns(
  databaseFile: string,
  work: () => Promise<void>,
): Promise<boolean> {
  let lock: Sqlite.Database | null = null;
  try {
    try {
      lock = open(databaseFile, 0);
      lock.exec("begin exclusive");
    } catch (error) {
      // An import holds the shared lock (or is creating the file): not now.
      if (isBusy(error)) return false;
      throw error;
    }
    await work();
    return true;
  } finally {
    lock?.close();
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("SQLITE_BUSY");
}
