import { accessSync, constants } from "node:fs";
import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema";

export interface Health {
  status: "ok" | "degraded";
  database: { dialect: string; reachable: boolean; latencyMs: number | null };
  /** Why it is degraded, in words for an operator (never a path or an error's text). */
  reason?: string;
}

/**
 * SQLite keeps answering from its open file after that file was removed or made unwritable:
 * reads work, and writes go to a file nobody will ever open again. So the check also asks
 * whether the file is still there, readable and writable.
 */
async function sqliteFileProblem(db: Kysely<Database>): Promise<string | null> {
  const { rows } = await sql<{ name: string; file: string }>`pragma database_list`.execute(db);
  const file = rows.find((r) => r.name === "main")?.file;
  if (!file) return null; // in memory
  try {
    accessSync(file, constants.R_OK | constants.W_OK);
    return null;
  } catch {
    return "the database file is missing or can't be read and written";
  }
}

export async function checkHealth(db: Kysely<Database>, dialect: string): Promise<Health> {
  const started = performance.now();
  try {
    await sql`select 1`.execute(db);
    const latencyMs = Math.round((performance.now() - started) * 100) / 100;
    const problem = dialect === "sqlite" ? await sqliteFileProblem(db) : null;
    if (problem) {
      return {
        status: "degraded",
        database: { dialect, reachable: false, latencyMs },
        reason: problem,
      };
    }
    return { status: "ok", database: { dialect, reachable: true, latencyMs } };
  } catch {
    return {
      status: "degraded",
      database: { dialect, reachable: false, latencyMs: null },
      reason: "the database does not answer",
    };
  }
}
