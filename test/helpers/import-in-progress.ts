import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";

const PROCESS = fileURLToPath(new URL("./import-in-progress-process.ts", import.meta.url));

export interface ImportInProgress {
  /** SIGKILL: the import ends without a word, its settings left as they were. */
  kill(): Promise<void>;
}

/** Another OS process importing into the SQLite file `file` (import-in-progress-process.ts). */
export async function startImportInProgress(file: string): Promise<ImportInProgress> {
  const child = fork(PROCESS, [file], { execArgv: ["--import", "tsx"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.once("message", (m) =>
      m === "importing" ? resolve() : reject(new Error(`said ${String(m)}`)),
    );
    void exited.then(() => reject(new Error("the import process exited before importing")));
  });
  return {
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}
