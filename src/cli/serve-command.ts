import cluster from "node:cluster";
import { serve } from "@hono/node-server";
import { createApp } from "../app";
import { loadConfig } from "../core/config";
import { loadDemo } from "../demo/load-demo";
import { repairImportSettings } from "../import/import-settings";
import { purgeExpired } from "../maintenance/cleanup.service";
import { type CleanupSchedule, startCleanupSchedule } from "../maintenance/cleanup-schedule";
import { startMailQueueWorker } from "../notifications/mail-queue-worker";
import { confirmHandEnteredPapers } from "../papers/hand-entered.service";
import { printCacheStatsOnSignal } from "./cache-stats-signal";
import { runClusterPrimary, SITE_JOBS_MESSAGE } from "./cluster";
import { chooseWorkerCount, parseServeArgs } from "./cluster-options";
import { openRuntime, type Runtime } from "./runtime";

/**
 * `serve` and `start` (which fills an empty database with the demo first). With one worker,
 * this process serves. With several, it migrates and loads the demo once, then forks them
 * (node:cluster) and supervises (cluster.ts); each worker comes back here as a cluster worker.
 * Throws a UsageError for bad arguments.
 */
export async function runServeCommand(
  args: string[],
  opts: { withDemo: boolean },
  env = process.env,
): Promise<number> {
  if (cluster.isWorker) return runWorker(env);
  const { workers: flag } = parseServeArgs(args);
  const config = loadConfig(env);
  const { workers, note } = chooseWorkerCount(flag, config.workers, config.databaseUrl);
  const rt = await openRuntime(env, { serving: true });
  if (note) rt.logger.info(note);
  await repairLeftImportSettings(rt);
  if (workers === 1) {
    try {
      await runServe(rt, { withDemo: opts.withDemo, siteJobs: "now" });
    } finally {
      await rt.close();
    }
    return 0;
  }
  try {
    if (opts.withDemo) await loadDemoInto(rt);
  } finally {
    await rt.close();
  }
  rt.logger.info({ workers }, `starting ${workers} workers`);
  // Renders happen on writes only; one thread per process is plenty once there are several.
  const workerEnv = env.RENDER_WORKERS ? undefined : { RENDER_WORKERS: "1" };
  return runClusterPrimary({ workers, logger: rt.logger, workerEnv });
}

/** A forked worker: the primary migrated already (a no-op here) and loaded any demo. */
async function runWorker(env: NodeJS.ProcessEnv): Promise<number> {
  const rt = await openRuntime(env, { serving: true });
  try {
    await runServe(rt, { withDemo: false, siteJobs: "when-told" });
  } finally {
    await rt.close();
    // The channel to the primary would keep this process alive once everything else closed.
    cluster.worker?.disconnect();
  }
  return 0;
}

/** Once per start, before any worker serves: see import/import-settings.ts. */
async function repairLeftImportSettings(rt: Runtime): Promise<void> {
  try {
    if (await repairImportSettings(rt.db.kysely)) {
      rt.logger.info("search index: automerge put back to its default (an import was cut short)");
    }
  } catch (error) {
    // Only the index's upkeep is at stake: serving goes on, the next start tries again.
    rt.logger.warn({ err: error }, "could not check the search index's settings");
  }
}

async function loadDemoInto(rt: Runtime): Promise<void> {
  const demo = await loadDemo(rt.db.kysely, (source) => rt.pool.render(source));
  if (demo.loaded) rt.logger.info(demo, "demo content loaded into the empty database");
}

/**
 * Serves until SIGINT/SIGTERM; `withDemo` fills an empty database first (npm start).
 * `siteJobs`: the cleanup schedule and the hand-entered check, which must run once per site,
 * not once per worker (N processes deleting the same rows, N times the same lookups sent to
 * the metadata services): "now" in a single process, "when-told" in a cluster worker, where
 * the primary tells one worker (SITE_JOBS_MESSAGE). The mail queue runs in every process: its
 * claims keep the processes off each other's mail.
 */
export async function runServe(
  rt: Runtime,
  opts: { withDemo: boolean; siteJobs?: "now" | "when-told" },
): Promise<void> {
  if (opts.withDemo) await loadDemoInto(rt);
  const { fetch, close, pageCache } = createApp({
    db: rt.db.kysely,
    dialect: rt.db.dialect,
    render: (source: string) => rt.pool.render(source),
    config: rt.config,
    logger: rt.logger,
    mailer: rt.mailer,
    metadata: rt.metadata,
  });
  const stopCacheStats = printCacheStatsOnSignal(pageCache);
  let cleanup: CleanupSchedule | null = null;
  let stopping = false;
  const startSiteJobs = () => {
    if (cleanup || stopping) return;
    cleanup = startSiteJobsIn(rt);
  };
  const onMessage = (message: unknown) => {
    if (message === SITE_JOBS_MESSAGE) startSiteJobs();
  };
  // Listening before serve(): the primary sends the message once this worker listens.
  if ((opts.siteJobs ?? "now") === "when-told") process.on("message", onMessage);
  const server = serve({ fetch, port: rt.config.port, hostname: rt.config.host }, () => {
    rt.logger.info(
      { url: rt.config.baseUrl, database: rt.db.description },
      `ShortScience is serving on ${rt.config.baseUrl}`,
    );
  });
  server.on("error", (error: NodeJS.ErrnoException) => {
    rt.logger.fatal(
      error.code === "EADDRINUSE"
        ? `port ${rt.config.port} is in use: stop the other server or set PORT`
        : `cannot listen: ${error.message}`,
    );
    process.exit(1);
  });
  if ((opts.siteJobs ?? "now") === "now") startSiteJobs();
  // Notification mail waits in the database; this process sends its share of what is due.
  const mailQueue = startMailQueueWorker({
    db: rt.db.kysely,
    mailer: rt.mailer,
    logger: rt.logger,
  });
  await new Promise<void>((resolve) => {
    const stop = () => {
      // Ctrl-C reaches a cluster's workers twice: from the terminal and from the primary.
      if (stopping) return;
      stopping = true;
      rt.logger.info("shutting down");
      server.close(() => resolve());
      setTimeout(resolve, 5_000).unref();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  process.off("message", onMessage);
  stopCacheStats();
  await (cleanup as CleanupSchedule | null)?.stop();
  await mailQueue.stop();
  await close();
}

/** Expired sessions, tokens and counters are deleted while the server runs. */
function startSiteJobsIn(rt: Runtime): CleanupSchedule {
  return startCleanupSchedule({
    purge: async (signal) => {
      const counts = await purgeExpired(rt.db.kysely);
      // Hand-entered papers are re-checked against the metadata services on the same tick (the
      // same function as `shortscience refresh-metadata`, one due batch, cached answers kept);
      // its failure (a service or the database down) must not count as the cleanup's. The
      // signal ends it after the paper in hand when the server stops (up to 50 lookups).
      const deps = { db: rt.db.kysely, metadata: rt.metadata, logger: rt.logger, signal };
      await confirmHandEnteredPapers(deps).then(
        (report) => rt.logger.info({ handEntered: report }, "hand-entered papers checked"),
        (error: unknown) => rt.logger.warn({ err: error }, "hand-entered papers check failed"),
      );
      return counts;
    },
    logger: rt.logger,
  });
}
