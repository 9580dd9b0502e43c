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

/** SQLite's in-memory database: private to the process that opens it. */
export const IN_MEMORY_DATABASE_URL = "sqlite::memory:";

export interface WorkerChoice {
  workers: number;
  /** Why the count is lower than the default would be, for the log (an in-memory database). */
  note?: string;
}

/**
 * The flag, else WORKERS, else one process per core (at most MAX_WORKERS). An in-memory
 * SQLite database lives in the process that opens it: each worker would open a new, empty
 * one (and the demo would go into the primary's). So it runs one process: the default falls
 * back to 1, and an explicit count above 1 is the operator's mistake, said as such.
 */
export function chooseWorkerCount(
  flag: number | undefined,
  configured: number | undefined,
  databaseUrl?: string,
): WorkerChoice {
  if (databaseUrl !== IN_MEMORY_DATABASE_URL) {
    return { workers: flag ?? configured ?? defaultWorkers() };
  }
  const why = `an in-memory database (DATABASE_URL=${IN_MEMORY_DATABASE_URL}) lives in one process; use a database file or PostgreSQL to serve from several`;
  if (flag !== undefined && flag > 1) throw new UsageError(`--workers ${flag}: ${why}`);
  if (flag === undefined && configured !== undefined && configured > 1) {
    throw new UsageError(`WORKERS=${configured}: ${why}`);
  }
  const fallback = flag === undefined && configured === undefined && defaultWorkers() > 1;
  return fallback ? { workers: 1, note: `serving from one process: ${why}` } : { workers: 1 };
}

function defaultWorkers(): number {
  return Math.min(MAX_WORKERS, Math.max(1, availableParallelism()));
}
