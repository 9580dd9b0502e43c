import type { Logger } from "pino";
import { describeDatabaseError } from "../db/db-errors";

/**
 * During an outage every request fails the same way: one log line per interval (with how many
 * failures it stands for) tells the operator as much as thousands would, without flooding the
 * disk or drowning the line that says the database is back.
 */
export interface OutageLog {
  /** A request or check could not reach the database. */
  failure(error: unknown, context?: Record<string, unknown>): void;
  /** The database answered: logs the end of an outage once, if one was going on. */
  recovered(): void;
}

export function createOutageLog(
  logger: Logger,
  intervalMs: number,
  now: () => number = Date.now,
): OutageLog {
  let down = false;
  let lastLoggedAt = Number.NEGATIVE_INFINITY;
  let unlogged = 0;
  let since = 0;

  return {
    failure(error, context = {}) {
      const at = now();
      if (!down) {
        down = true;
        since = at;
      }
      unlogged += 1;
      if (at - lastLoggedAt < intervalMs) return;
      logger.error(
        {
          err: describeDatabaseError(error),
          failures: unlogged,
          downForMs: at - since,
          ...context,
        },
        "database unavailable",
      );
      lastLoggedAt = at;
      unlogged = 0;
    },
    recovered() {
      if (!down) return;
      logger.warn(
        { downForMs: now() - since, unloggedFailures: unlogged },
        "database reachable again",
      );
      down = false;
      unlogged = 0;
      lastLoggedAt = Number.NEGATIVE_INFINITY;
    },
  };
}
