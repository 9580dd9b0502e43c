import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema";

export interface Health {
  status: "ok" | "degraded";
  database: { dialect: string; reachable: boolean; latencyMs: number | null };
}

export async function checkHealth(db: Kysely<Database>, dialect: string): Promise<Health> {
  const started = performance.now();
  try {
    await sql`select 1`.execute(db);
    const latencyMs = Math.round((performance.now() - started) * 100) / 100;
    return { status: "ok", database: { dialect, reachable: true, latencyMs } };
  } catch {
    return { status: "degraded", database: { dialect, reachable: false, latencyMs: null } };
  }
}
