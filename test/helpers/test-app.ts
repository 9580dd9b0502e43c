import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino, { type Logger } from "pino";
import type { AppDeps } from "../../src/app";
import { type App, createApp } from "../../src/app";
import { loadConfig } from "../../src/core/config";
import type { RenderFn } from "../../src/core/render-contract";
import { loadDemo } from "../../src/demo/load-demo";
import { createMailer } from "../../src/mail/mailer";
import { createMetadataService } from "../../src/papers/resolvers/default-resolvers";
import { resolverConfig, type ServiceName } from "../../src/papers/resolvers/resolver-config";
import { renderMarkdown } from "../../src/render";
import { createTestDb, type TestDb } from "./test-db";

export interface TestApp {
  app: App["app"];
  /** The app behind the page cache, as the server runs it. */
  fetch: App["fetch"];
  testDb: TestDb;
  db: TestDb["db"]["kysely"];
  render: RenderFn;
  pageViews: App["pageViews"];
  pageCache: App["pageCache"];
  deps: AppDeps;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  html(path: string): Promise<string>;
  close(): Promise<void>;
}

/** Tests render in-process; the worker pool has tests of its own. */
export const testRender: RenderFn = async (source) => renderMarkdown(source);

export interface TestAppOptions {
  demo?: boolean;
  /** Send mail over SMTP to this server (a TestSmtp); otherwise to a temporary outbox. */
  smtpUrl?: string;
  env?: Record<string, string>;
  /** Point metadata services at local replay servers; without this, lookups are offline. */
  metadataEndpoints?: Partial<Record<ServiceName, string>>;
  /** The app's logger (e.g. one that records errors); silent otherwise. */
  logger?: Logger;
  /** A database prepared by the test (e.g. migrated step by step); dropped with the app. */
  testDb?: TestDb;
}

export async function createTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const testDb = opts.testDb ?? (await createTestDb());
  const outbox = mkdtempSync(join(tmpdir(), "shortscience-outbox-"));
  const db = testDb.db.kysely;
  if (opts.demo) await loadDemo(db, testRender);
  const config = loadConfig({
    DATABASE_URL: testDb.url,
    BASE_URL: "http://localhost",
    ...(opts.smtpUrl ? { SMTP_URL: opts.smtpUrl } : {}),
    OUTBOX_DIR: outbox,
    // Test clients say which address they come from (see test/helpers/client.ts).
    TRUST_PROXY: "1",
    METADATA_OFFLINE: opts.metadataEndpoints ? "0" : "1",
    ...opts.env,
  });
  const logger = opts.logger ?? pino({ level: "silent" });
  const mailer = createMailer({
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    outboxDir: outbox,
    logger,
  });
  const services = resolverConfig(config);
  const metadataConfig = {
    ...services,
    endpoints: { ...services.endpoints, ...opts.metadataEndpoints },
    minIntervalMs: Object.fromEntries(
      Object.keys(services.minIntervalMs).map((k) => [k, 0]),
    ) as typeof services.minIntervalMs,
  };
  const deps: AppDeps = {
    db,
    dialect: testDb.db.dialect,
    render: testRender,
    config,
    logger,
    mailer,
    metadata: createMetadataService(db, metadataConfig),
  };
  const created = createApp(deps, { pageCacheRevalidateMs: 0 });
  const get = (path: string, headers: Record<string, string> = {}) =>
    Promise.resolve(created.fetch(new Request(`http://localhost${path}`, { headers })));
  return {
    app: created.app,
    fetch: created.fetch,
    testDb,
    db,
    render: testRender,
    pageViews: created.pageViews,
    pageCache: created.pageCache,
    deps,
    get,
    async html(path) {
      const res = await get(path);
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
      return res.text();
    },
    async close() {
      await created.close();
      mailer.close();
      await testDb.drop();
      rmSync(outbox, { recursive: true, force: true });
    },
  };
}
