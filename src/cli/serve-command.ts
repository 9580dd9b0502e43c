import { serve } from "@hono/node-server";
import { createApp } from "../app";
import { loadDemo } from "../demo/load-demo";
import { purgeExpired } from "../maintenance/cleanup.service";
import { startCleanupSchedule } from "../maintenance/cleanup-schedule";
import { startMailQueueWorker } from "../notifications/mail-queue-worker";
import { confirmHandEnteredPapers } from "../papers/hand-entered.service";
import type { Runtime } from "./runtime";

/** Serves until SIGINT/SIGTERM; `withDemo` fills an empty database first (npm start). */
export async function runServe(rt: Runtime, opts: { withDemo: boolean }): Promise<void> {
  const render = (source: string) => rt.pool.render(source);
  if (opts.withDemo) {
    const demo = await loadDemo(rt.db.kysely, render);
    if (demo.loaded) rt.logger.info(demo, "demo content loaded into the empty database");
  }
  const { fetch, close } = createApp({
    db: rt.db.kysely,
    dialect: rt.db.dialect,
    render,
    config: rt.config,
    logger: rt.logger,
    mailer: rt.mailer,
    metadata: rt.metadata,
  });
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
  // Expired sessions, tokens and counters are deleted while the server runs.
  const cleanup = startCleanupSchedule({
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
  // Notification mail waits in the database; this process sends its share of what is due.
  const mailQueue = startMailQueueWorker({
    db: rt.db.kysely,
    mailer: rt.mailer,
    logger: rt.logger,
  });
  await new Promise<void>((resolve) => {
    const stop = () => {
      rt.logger.info("shutting down");
      server.close(() => resolve());
      setTimeout(resolve, 5_000).unref();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await cleanup.stop();
  await mailQueue.stop();
  await close();
}
