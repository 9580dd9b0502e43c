import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The CLI from its TypeScript sources, as a separate process (stdout is a pipe, not a TTY):
 * the test's environment with `env` on top, LOG_LEVEL=warn unless `env` says otherwise.
 * A non-zero exit resolves too, with its code and output.
 */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  // Vitest sets BASE_URL="/" (Vite's) in its own environment: not ours to pass on.
  const { BASE_URL: _vite, ...inherited } = process.env;
  return run(process.execPath, ["--import", "tsx", "src/main.ts", ...args], {
    env: { ...inherited, LOG_LEVEL: "warn", ...env },
    timeout: 60_000,
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );
}
