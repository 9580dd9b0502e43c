import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { connect, type Db, migrateToLatest } from "../../src/db/connect";

export interface TestDb {
  db: Db;
  url: string;
  drop(): Promise<void>;
}

/**
 * A real, empty, migrated database: a temporary SQLite file, or — when TEST_DATABASE_URL
 * points at a PostgreSQL server — a database created for this test file and dropped after.
 * `migrate: false` leaves it without tables, for tests that migrate it themselves.
 */
export async function createTestDb(opts: { migrate?: boolean } = {}): Promise<TestDb> {
  const migrate = opts.migrate ?? true;
  const pgUrl = process.env.TEST_DATABASE_URL;
  if (pgUrl) return createPostgresDb(pgUrl, migrate);
  const dir = mkdtempSync(join(tmpdir(), "shortscience-test-"));
  const url = `sqlite:${join(dir, "test.db")}`;
  const db = connect(url);
  if (migrate) await migrateToLatest(db);
  return {
    db,
    url,
    async drop() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function createPostgresDb(adminUrl: string, migrate: boolean): Promise<TestDb> {
  const name = `shortscience_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = connect(url.toString());
  if (migrate) await migrateToLatest(db);
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.close();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
