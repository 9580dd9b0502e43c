// Reads of a SQLite file on worker threads, each given up at a deadline. better-sqlite3 runs a
// statement to its end on the calling thread, with no way to interrupt it, so one costly
// search (`model* learn* network*`: 7.8 s at a million papers) froze every request of the
// process. Here it holds a thread of this pool instead, and past its deadline the read fails
// with ReadCanceledError (isQueryCanceled counts it like PostgreSQL's statement_timeout).
//
// Ending a thread stops it only once it is back in JavaScript: the statement it is running
// goes on to its end. So a thread told to end keeps its place until it has exited, and the
// pool never has more than `threads` statements running, however many readers gave up.
// Search uses it (search-sqlite.repo.ts), and so do pages' reads that grow with the site
// (offLoop in sqlite-read-dialect.ts); threads start on the first read and end with the
// database (connect.ts).

import { MAX_TIMER_DELAY_MS } from "../core/limits";
import { startThread } from "../core/thread-entry";
import { ReadCanceledError, ReadPoolUnavailableError } from "./db-errors";
import type { ReadAnswer, ReadTask } from "./sqlite-read.worker";

// Tests run the TypeScript sources; the app runs dist/, where this code sits in main.js next
// to sqlite-read-worker.js.
const workerFile = import.meta.url.endsWith(".ts")
  ? new URL("./sqlite-read.worker.ts", import.meta.url)
  : new URL("./sqlite-read-worker.js", import.meta.url);

export interface SqliteReadPool {
  /** The rows of a read-only statement, or ReadCanceledError once Date.now() passes `deadline`. */
  read(sql: string, parameters: readonly unknown[], deadline: number): Promise<unknown[]>;
  /** Reads run so far (tests check that search goes through the pool). */
  readonly reads: number;
  /** Threads running a statement, including those told to end that haven't yet. */
  readonly running: number;
  close(): Promise<void>;
}

interface Read {
  task: ReadTask;
  resolve(rows: unknown[]): void;
  reject(error: unknown): void;
  timer: NodeJS.Timeout;
}

interface Slot {
  thread: ReturnType<typeof startThread> | null;
  read: Read | null;
  /** Told to end (its reader gave up): busy until its thread has exited. */
  ending: boolean;
}

/** `memo`: each thread keeps its answers until the next commit (sqlite-read-memo.ts). */
export function createSqliteReadPool(
  file: string,
  threads: number,
  { memo }: { memo: boolean } = { memo: true },
): SqliteReadPool {
  const slots: Slot[] = Array.from({ length: Math.max(1, threads) }, () => ({
    thread: null,
    read: null,
    ending: false,
  }));
  const queue: Read[] = [];
  let reads = 0;
  let closed = false;

  function settle(slot: Slot, answer: ReadAnswer | Error) {
    const read = slot.read;
    slot.read = null;
    if (read) {
      clearTimeout(read.timer);
      if (answer instanceof Error) read.reject(answer);
      else if ("error" in answer)
        read.reject(Object.assign(new Error(answer.error.message), { code: answer.error.code }));
      else read.resolve(answer.rows);
    }
    dispatch();
  }

  function start(slot: Slot) {
    const thread = startThread(workerFile, { workerData: { file, memo } });
    thread.on("message", (answer: ReadAnswer) => settle(slot, answer));
    thread.on("error", (error) => settle(slot, error));
    thread.on("exit", () => {
      slot.thread = null;
      slot.ending = false;
      settle(slot, new ReadPoolUnavailableError("READ_THREAD_STOPPED"));
    });
    slot.thread = thread;
    return thread;
  }

  function dispatch() {
    while (!closed && queue.length > 0) {
      const slot = slots.find((s) => s.read === null && !s.ending);
      if (!slot) return;
      const read = queue.shift() as Read;
      slot.read = read;
      reads++;
      (slot.thread ?? start(slot)).postMessage(read.task);
    }
  }

  function giveUp(read: Read) {
    read.reject(new ReadCanceledError());
    const waiting = queue.indexOf(read);
    if (waiting >= 0) {
      queue.splice(waiting, 1);
      return;
    }
    const slot = slots.find((s) => s.read === read);
    if (!slot) return;
    slot.read = null;
    slot.ending = true;
    void slot.thread?.terminate();
  }

  return {
    get reads() {
      return reads;
    },
    get running() {
      return slots.filter((s) => s.read !== null || s.ending).length;
    },
    read(sql, parameters, deadline) {
      const left = deadline - Date.now();
      if (closed) return Promise.reject(new ReadPoolUnavailableError("READ_POOL_CLOSED"));
      if (left <= 0) return Promise.reject(new ReadCanceledError());
      return new Promise<unknown[]>((resolve, reject) => {
        const read: Read = {
          task: { sql, parameters: [...parameters] },
          resolve,
          reject,
          // Counted from the request, waiting included, as a PostgreSQL search waits for
          // its connection within its time.
          timer: setTimeout(() => giveUp(read), Math.min(left, MAX_TIMER_DELAY_MS)),
        };
        queue.push(read);
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const read of queue.splice(0)) {
        clearTimeout(read.timer);
        read.reject(new ReadCanceledError());
      }
      // Waiting only for idle threads: one in a statement exits when the statement ends.
      await Promise.all(
        slots.map((s) => {
          const exited = s.thread?.terminate();
          return s.read !== null || s.ending ? undefined : exited;
        }),
      );
    },
  };
}
