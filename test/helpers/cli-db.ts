import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

export interface CliDatabase {
  /** DATABASE_URL for the CLI under test. */
  url: string;
  drop(): Promise<void>;
}

/**
 * An empty, unmigrated database for a CLI process to use (the CLI migrates it itself): a
 * temporary SQLite file, or, when TEST_DATABASE_URL points at PostgreSQL, a database created
 * on that server for the test and dropped after it.
 */
export async function createCliDatabase(): Promise<CliDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const dir = mkdtempSync(join(tmpdir(), "shortscience-cli-db-"));
    return {
      url: `sqlite:${join(dir, "cli.db")}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `shortscience_cli_${randomBytes(6).toString("hex")}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}
