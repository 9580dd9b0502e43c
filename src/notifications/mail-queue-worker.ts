// The mail queue's worker in a serving process: it looks for due mail every interval (and
// once at start), drains full batches before it waits again, never overlaps itself, and never
// keeps the process alive. A failure (the database is down) is logged and tried at the next
// tick. Several processes may run one each: claims keep them off each other's mail. Old mail
// and read notifications are purged by maintenance/cleanup.service.ts, not here.

import type { Kysely } from "kysely";
import type { Logger } from "pino";
import { startIntervalJob } from "../core/interval-job";
import { MAIL_QUEUE_INTERVAL_MS } from "../core/limits";
import type { Mailer } from "../core/mailer";
import type { Database } from "../db/schema";
import {
  DEFAULT_RETRY,
  type DeliveryReport,
  deliverDueMails,
  type RetryPolicy,
} from "./mail-queue.service";

export interface MailQueueWorker {
  /** One pass now (what the timer calls); resolves when it is done. */
  tick(): Promise<DeliveryReport>;
  /** Stops the timer and waits for the pass in hand. */
  stop(): Promise<void>;
}

export function startMailQueueWorker(opts: {
  db: Kysely<Database>;
  mailer: Mailer;
  logger: Pick<Logger, "info" | "warn" | "error">;
  intervalMs?: number;
  policy?: RetryPolicy;
  /** Tests: no timer, only tick(). */
  timer?: boolean;
}): MailQueueWorker {
  const policy = opts.policy ?? DEFAULT_RETRY;
  const empty: DeliveryReport = { sent: 0, retried: 0, failed: 0, dropped: 0 };

  const pass = async (stopping: AbortSignal): Promise<DeliveryReport> => {
    const total = { ...empty };
    try {
      for (;;) {
        const r = await deliverDueMails(opts.db, opts.mailer, opts.logger, policy);
        total.sent += r.sent;
        total.retried += r.retried;
        total.failed += r.failed;
        total.dropped += r.dropped;
        if (stopping.aborted || r.sent + r.retried + r.failed + r.dropped < policy.batch) break;
      }
      if (total.sent + total.retried + total.failed + total.dropped > 0) {
        opts.logger.info({ mail: total }, "mail queue pass");
      }
    } catch (error) {
      opts.logger.warn({ err: error }, "mail queue pass failed; it runs again at the next tick");
    }
    return total;
  };

  return startIntervalJob({
    run: pass,
    idle: () => ({ ...empty }),
    intervalMs: opts.intervalMs ?? MAIL_QUEUE_INTERVAL_MS,
    timer: opts.timer,
  });
}
