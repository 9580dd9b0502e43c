import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { RetryPolicy } from "../../src/notifications/mail-queue.service";

const WORKER = fileURLToPath(new URL("./mail-worker-process.ts", import.meta.url));

/** Mail queue workers in separate OS processes, as several serving processes run them. */
export async function startMailWorkers(
  databaseUrl: string,
  smtpUrl: string,
  policy: RetryPolicy,
  count: number,
): Promise<{ stop(): Promise<void> }> {
  const children: ChildProcess[] = [];
  for (let i = 0; i < count; i++) {
    children.push(
      fork(WORKER, [databaseUrl, smtpUrl, JSON.stringify(policy)], {
        execArgv: ["--import", "tsx"],
      }),
    );
  }
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve, reject) => {
          child.once("exit", (code) => reject(new Error(`mail worker exited (${code})`)));
          child.once("message", () => resolve());
        }),
    ),
  );
  return {
    async stop() {
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null) return resolve();
              child.removeAllListeners("exit");
              child.once("exit", () => resolve());
              child.send({ stop: true });
            }),
        ),
      );
    },
  };
}
