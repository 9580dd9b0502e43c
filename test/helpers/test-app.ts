import pino from "pino";
import { type App, createApp } from "../../src/app";
import { loadConfig } from "../../src/config";
import { loadDemo } from "../../src/demo/load-demo";
import { renderMarkdown } from "../../src/render";
import type { RenderFn } from "../../src/summaries/render-fn";
import { createTestDb, type TestDb } from "./test-db";

export interface TestApp {
  app: App["app"];
  testDb: TestDb;
  db: TestDb["db"]["kysely"];
  render: RenderFn;
  views: App["views"];
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  html(path: string): Promise<string>;
  close(): Promise<void>;
}

/** Tests render in-process; the worker pool has tests of its own. */
export const testRender: RenderFn = async (source) => renderMarkdown(source);

export async function createTestApp(opts: { demo?: boolean } = {}): Promise<TestApp> {
  const testDb = await createTestDb();
  const db = testDb.db.kysely;
  if (opts.demo) await loadDemo(db, testRender);
  const created = createApp(
    {
      db,
      dialect: testDb.db.dialect,
      render: testRender,
      config: loadConfig({ DATABASE_URL: testDb.url }),
      logger: pino({ level: "silent" }),
    },
    { pageCacheRevalidateMs: 0 },
  );
  const get = (path: string, headers: Record<string, string> = {}) =>
    Promise.resolve(created.app.request(path, { headers }));
  return {
    app: created.app,
    testDb,
    db,
    render: testRender,
    views: created.views,
    get,
    async html(path) {
      const res = await get(path);
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
      return res.text();
    },
    async close() {
      await created.close();
      await testDb.drop();
    },
  };
}
