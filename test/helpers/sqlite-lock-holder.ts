import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { HolderRequest } from "./sqlite-lock-holder-process";

const HOLDER = fileURLToPath(new URL("./sqlite-lock-holder-process.ts", import.meta.url));

export interface HeldLock {
  /** Ends the other process's transaction (rolled back, or with a committed write). */
  release(how?: HolderRequest["release"]): Promise<void>;
  /** Ends the process, whether or not it was released (for afterEach). */
  close(): Promise<void>;
}

function reply(child: ChildProcess, expected: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`lock holder exited (${code}) before "${expected}"`));
    child.once("exit", onExit);
    child.once("message", (message) => {
      child.off("exit", onExit);
      if (message === expected) resolve();
      else reject(new Error(`lock holder said ${String(message)}, not ${expected}`));
    });
  });
}

/**
 * A separate OS process that opens the SQLite file and holds its write lock (BEGIN IMMEDIATE)
 * until released. A handle in the test's own process would never wait, so it could not show
 * what waiting for the lock does to this process's event loop.
 */
export async function holdSqliteWriteLock(file: string): Promise<HeldLock> {
  const child = fork(HOLDER, [file], { execArgv: ["--import", "tsx"] });
  await reply(child, "held");
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
  return {
    async release(how = "rollback") {
      const released = reply(child, "released");
      child.send({ release: how } satisfies HolderRequest);
      await released;
    },
    async close() {
      if (child.connected) child.disconnect();
      await exited;
    },
  };
}
