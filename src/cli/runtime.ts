import pino, { type Logger } from "pino";
import { type Config, ConfigError, loadConfig } from "../core/config";
import { DB_QUERY_TIMEOUT_MS, RENDER_DEADLINE_MS, RENDER_WORKERS } from "../core/limits";
import type { Mailer } from "../core/mailer";
import { connect, type Db, migrateToLatest } from "../db/connect";
import { createMailer } from "../mail/mailer";
import { createMetadataService } from "../papers/resolvers/default-resolvers";
import type { MetadataService } from "../papers/resolvers/metadata.service";
import { resolverConfig } from "../papers/resolvers/resolver-config";
import { createRenderPool, type RenderPool } from "../render-worker/pool";

export interface Runtime {
  config: Config;
  logger: Logger;
  db: Db;
  pool: RenderPool;
  mailer: Mailer;
  metadata: MetadataService;
  close(): Promise<void>;
}

/**
 * Config, logger, migrated database and render workers: what every command needs. A serving
 * process bounds its queries in time (DB_QUERY_TIMEOUT_MS), after migrating on a connection
 * of its own without that bound: a migration over a large table may take minutes.
 */
export async function openRuntime(
  env = process.env,
  opts: { serving?: boolean } = {},
): Promise<Runtime> {
  const config = loadConfig(env);
  const logger = pino({ level: config.logLevel });
  const bounded = opts.serving === true && !config.databaseUrl.startsWith("sqlite:");
  let db = connect(config.databaseUrl);
  try {
    const applied = await migrateToLatest(db);
    if (applied.length > 0) logger.info({ applied, database: db.description }, "migrated");
  } catch (error) {
    await db.close().catch(() => {});
    throw new StartupError(
      `cannot open the database ${db.description}: ${(error as Error).message}`,
    );
  }
  if (bounded) {
    await db.close();
    db = connect(config.databaseUrl, { queryTimeoutMs: DB_QUERY_TIMEOUT_MS });
  }
  const pool = createRenderPool({
    workers: config.renderWorkers ?? RENDER_WORKERS,
    deadlineMs: RENDER_DEADLINE_MS,
  });
  const mailer = createMailer({
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    outboxDir: config.outboxDir,
    logger,
  });
  const metadata = createMetadataService(db.kysely, resolverConfig(config));
  return {
    config,
    logger,
    db,
    pool,
    mailer,
    metadata,
    async close() {
      mailer.close();
      await pool.close();
      await db.close();
    },
  };
}

export class StartupError extends Error {}

/** Startup problems are the operator's to fix: one clear line, no stack trace. */
export function explainStartupError(error: unknown): string | null {
  if (error instanceof ConfigError || error instanceof StartupError) return error.message;
  return null;
}
