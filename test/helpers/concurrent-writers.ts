import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { WriterOp, WriterReply, WriterRequest } from "./concurrent-writer";

const WRITER = fileURLToPath(new URL("./concurrent-writer.ts", import.meta.url));

/**
 * Writer processes, each with its own connection to one database. On SQLite separate processes
 * are what a deployment has (a server beside an import or a CLI command), each waiting for the
 * file's one write lock on its own; on
 * PostgreSQL each process adds its own pool of connections.
 */
export interface ConcurrentWriters {
  /** Sends each writer its share at once; resolves with every failure once all have settled. */
  run(shares: readonly WriterOp[][]): Promise<string[]>;
  close(): Promise<void>;
}

export async function startConcurrentWriters(
  databaseUrl: string,
  count: number,
): Promise<ConcurrentWriters> {
  const children: ChildProcess[] = [];
  for (let i = 0; i < count; i++) {
    children.push(fork(WRITER, [databaseUrl], { execArgv: ["--import", "tsx"] }));
  }
  const next = (child: ChildProcess) =>
    new Promise<WriterReply>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`writer exited (${code})`));
      child.once("exit", onExit);
      child.once("message", (reply: WriterReply) => {
        child.off("exit", onExit);
        resolve(reply);
      });
    });
  await Promise.all(children.map(next));
  let batch = 0;
  return {
    async run(shares) {
      if (shares.length > children.length) throw new Error("more shares than writers");
      batch++;
      const replies = shares.map((ops, i) => {
        const child = children[i] as ChildProcess;
        const reply = next(child);
        child.send({ batch, ops } satisfies WriterRequest);
        return reply;
      });
      const done = await Promise.all(replies);
      return done.flatMap((r) => ("failures" in r ? r.failures : []));
    },
    async close() {
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null) return resolve();
              child.once("exit", () => resolve());
              child.send({ exit: true } satisfies WriterRequest);
            }),
        ),
      );
    },
  };
}
