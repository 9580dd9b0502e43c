// The primary of `serve --workers N`: it has already migrated (and, for `start`, loaded the
// demo) before calling here, holds no database connection, and only supervises. Workers are
// forked from the same command line (node:cluster re-runs this program; main.ts sends a
// worker to runWorker in serve-command.ts), share the port (the primary accepts connections
// and hands them round-robin to the workers) and share nothing else but the database, which
// already holds everything that must agree: sessions, rate limits, page-cache versions.
//
// The primary runs no jobs of its own: on SQLite a query blocks the event loop, and a long
// cleanup here would hold up every new connection of every worker. The site-wide jobs run in
// the worker of slot 0 (see SITE_JOBS_MESSAGE).

import cluster, { type Worker } from "node:cluster";
import type { Logger } from "pino";

/** Sent to the worker that runs the once-per-site jobs (cleanup, hand-entered check). */
export const SITE_JOBS_MESSAGE = "shortscience:site-jobs";

/** First restart delay of a worker that died; doubled per death of a short-lived worker. */
export const RESTART_DELAY_MS = 250;
export const RESTART_DELAY_MAX_MS = 30_000;
/** A worker that served this long before dying counts as healthy: its restart is quick again. */
export const WORKER_STABLE_MS = 60_000;
/** After SIGTERM, workers get this long for their graceful shutdown before SIGKILL. */
export const SHUTDOWN_GRACE_MS = 20_000;

interface Slot {
  worker: Worker | null;
  startedAt: number;
  /** Deaths in a row of workers that did not live WORKER_STABLE_MS. */
  quickDeaths: number;
  restart: NodeJS.Timeout | null;
}

export interface ClusterOptions {
  workers: number;
  logger: Logger;
  /** Environment added to each worker's (e.g. RENDER_WORKERS), on top of this process's. */
  workerEnv?: Record<string, string>;
}

/** Runs `workers` workers until SIGINT/SIGTERM; resolves with the exit code once all stopped. */
export function runClusterPrimary(opts: ClusterOptions): Promise<number> {
  const { logger } = opts;
  const slots: Slot[] = Array.from({ length: opts.workers }, () => ({
    worker: null,
    startedAt: 0,
    quickDeaths: 0,
    restart: null,
  }));
  let stopping = false;
  let exitCode = 0;
  let everListened = false;
  let listening = 0;

  return new Promise<number>((resolve) => {
    const finishIfAllGone = () => {
      if (stopping && slots.every((s) => s.worker === null)) {
        if (killTimer) clearTimeout(killTimer);
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        resolve(exitCode);
      }
    };

    const fork = (index: number) => {
      const slot = slots[index] as Slot;
      slot.restart = null;
      slot.startedAt = Date.now();
      const worker = cluster.fork(opts.workerEnv);
      slot.worker = worker;
      worker.on("listening", () => {
        everListened = true;
        if (index === 0) worker.send(SITE_JOBS_MESSAGE);
        listening++;
        if (listening === opts.workers) {
          logger.info({ workers: opts.workers }, `all ${opts.workers} workers are serving`);
        }
      });
      worker.on("exit", (code, signal) => {
        slot.worker = null;
        if (stopping) return finishIfAllGone();
        // A worker that never listened before any did (the port is taken, the database is
        // unreadable): the next one would fail the same way. Stop instead of looping.
        if (!everListened) {
          logger.fatal({ code, signal }, "a worker failed to start; stopping");
          exitCode = 1;
          return stop();
        }
        const lived = Date.now() - slot.startedAt;
        slot.quickDeaths = lived >= WORKER_STABLE_MS ? 1 : slot.quickDeaths + 1;
        const delay = Math.min(
          RESTART_DELAY_MAX_MS,
          RESTART_DELAY_MS * 2 ** (slot.quickDeaths - 1),
        );
        logger.error(
          { workerPid: worker.process.pid, code, signal, restartInMs: delay },
          "a worker died; starting a new one",
        );
        slot.restart = setTimeout(() => fork(index), delay);
      });
    };

    let killTimer: NodeJS.Timeout | null = null;
    function stop() {
      if (stopping) {
        // A second Ctrl-C: don't wait for the graceful shutdown.
        for (const s of slots) s.worker?.process.kill("SIGKILL");
        return;
      }
      stopping = true;
      logger.info("shutting down the workers");
      for (const s of slots) {
        if (s.restart) clearTimeout(s.restart);
        s.restart = null;
        s.worker?.process.kill("SIGTERM");
      }
      killTimer = setTimeout(() => {
        logger.error("workers still running after the grace period; killing them");
        exitCode = 1;
        for (const s of slots) s.worker?.process.kill("SIGKILL");
      }, SHUTDOWN_GRACE_MS);
      killTimer.unref();
      finishIfAllGone();
    }

    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    for (let i = 0; i < slots.length; i++) fork(i);
  });
}
