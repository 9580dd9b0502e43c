import { availableParallelism } from "node:os";

/** The most serving processes one server runs (WORKERS and --workers share the bound). */
export const MAX_WORKERS = 64;

export class UsageError extends Error {}

/**
 * The arguments of `serve` and `start`: only `--workers N` (or `--workers=N`). Anything else,
 * or a count that is not a whole number from 1 to MAX_WORKERS, is the operator's mistake:
 * a UsageError with one clear line, before anything is opened.
 */
export function parseServeArgs(args: string[]): { workers: number | undefined } {
  let workers: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    let value: string | undefined;
    if (arg === "--workers") {
      value = args[++i];
      if (value === undefined) throw new UsageError("--workers needs a number, e.g. --workers 2");
    } else if (arg.startsWith("--workers=")) {
      value = arg.slice("--workers=".length);
    } else {
      throw new UsageError(`unknown option "${arg}" (serve and start take only --workers N)`);
    }
    workers = parseWorkerCount(value);
  }
  return { workers };
}

function parseWorkerCount(value: string): number {
  const n = /^\d{1,3}$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= 1 && n <= MAX_WORKERS)) {
    throw new UsageError(
      `--workers must be a whole number from 1 to ${MAX_WORKERS}, not "${value.slice(0, 40)}"`,
    );
  }
  return n;
}

/** The flag, else WORKERS, else one process per core (at most MAX_WORKERS). */
export function chooseWorkerCount(flag: number | undefined, configured: number | undefined) {
  return flag ?? configured ?? Math.min(MAX_WORKERS, Math.max(1, availableParallelism()));
}
