// Runs the cleanup in a serving process: once at start, then every interval. The timer never
// keeps the process alive, a tick never overlaps the previous one, and a failure (the
// database is down) is logged and tried again at the next tick, never thrown.

import type { Logger } from "pino";
import { startIntervalJob } from "../core/interval-job";
import { CLEANUP_INTERVAL_MS } from "../core/limits";
import { type CleanupCounts, describeCleanup } from "./cleanup.service";

export interface CleanupSchedule {
  /** Runs one cleanup now (what the timer calls); resolves when it is done. */
  tick(): Promise<void>;
  /**
   * Stops the timer, aborts the signal a running cleanup was given and waits for it: a run
   * that honours the signal ends after its step in hand, so shutdown is not held for minutes.
   */
  stop(): Promise<void>;
}

export interface CleanupScheduleOptions {
  /** One run; `signal` is aborted by stop(), and the run should end soon after. */
  purge: (signal: AbortSignal) => Promise<CleanupCounts>;
  logger: Pick<Logger, "info" | "warn">;
  intervalMs?: number;
  /** Tests: no timer, only tick(). */
  timer?: boolean;
}

export function startCleanupSchedule(opts: CleanupScheduleOptions): CleanupSchedule {
  return startIntervalJob({
    run: async (signal) => {
      try {
        const counts = await opts.purge(signal);
        opts.logger.info({ cleanup: counts }, `cleanup: deleted ${describeCleanup(counts)}`);
      } catch (error) {
        opts.logger.warn({ err: error }, "cleanup failed; it runs again at the next interval");
      }
    },
    idle: () => undefined,
    intervalMs: opts.intervalMs ?? CLEANUP_INTERVAL_MS,
    timer: opts.timer,
  });
}
