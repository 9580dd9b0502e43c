// In WAL mode each SQLite statement outside a transaction begins and ends a read transaction
// of its own: a read lock on the shared-memory file taken and dropped, and the file's size
// checked, three system calls. Here, where a system call is slow, that was two thirds of a
// small read (11.3 µs against 3.9 µs inside a transaction), and a logged-in paper page makes
// six such reads. So the reader handle's consecutive reads share one read transaction, which
// ends before any read could miss something it must see:
//
// - when a request arrives (`startReadEpoch`, called by the app for each request): a reader
//   sees every write committed before its request came, whichever process made it;
// - after any write through a writer handle of this process (also `startReadEpoch`): a writer
//   reads its own write at once, even on another handle;
// - when a statement fails (the retry begins afresh);
// - at the end of the event loop's turn (setImmediate), so that a snapshot is never held while
//   the process waits, where it would keep other processes' checkpoints from reusing the WAL.
//
// Reads between two of those are one request's synchronous run of queries: sharing a snapshot
// makes them consistent with each other, and they could not have seen anything newer anyway.

import { setImmediate } from "node:timers";
import type BetterSqlite3 from "better-sqlite3";

let epoch = 0;

/** Reads from now on see every write committed before this call (a request came, or a write). */
export function startReadEpoch(): void {
  epoch++;
}

export class SharedReadSnapshot {
  /** The epoch the open read transaction began in, or null when none is open. */
  #openIn: number | null = null;
  #closing = false;

  constructor(private readonly handle: BetterSqlite3.Database) {}

  /** Runs a read in the shared read transaction, opening one when none is current. */
  read<T>(run: () => T): T {
    if (this.#openIn !== epoch) this.end();
    if (this.#openIn === null) this.#open();
    try {
      return run();
    } catch (error) {
      this.end();
      throw error;
    }
  }

  /** Ends the read transaction, if one is open. */
  end(): void {
    if (this.#openIn === null) return;
    this.#openIn = null;
    if (this.handle.open && this.handle.inTransaction) this.handle.exec("commit");
  }

  #open(): void {
    this.handle.exec("begin");
    this.#openIn = epoch;
    if (this.#closing) return;
    this.#closing = true;
    setImmediate(() => {
      this.#closing = false;
      this.end();
    });
  }
}
