import type { Kysely } from "kysely";
import type { Database } from "../db/schema";

// The reports table's one writer. A report is open until a moderator acts on its target;
// the partial unique index `reports_open_once` keeps one open report per reporter and target.

export type TargetKind = "summary" | "comment" | "user";

export interface TargetRef {
  kind: TargetKind;
  id: number;
}

/**
 * Files a report unless the reporter already has an open one on the target. One statement, so
 * two clicks racing leave one row whatever the database (the index decides, not a read before).
 * True when this call added it.
 */
export async function insertOpenReport(
  db: Kysely<Database>,
  r: { reporterId: number; target: TargetRef; reason: string; at: string },
): Promise<boolean> {
  const result = await db
    .insertInto("reports")
    .values({
      reporter_id: r.reporterId,
      target_kind: r.target.kind,
      target_id: r.target.id,
      reason: r.reason,
      created_at: r.at,
    })
    // No conflict target: the only unique key besides the id is the partial index above.
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

/** Closes every open report on the target with what was done about it; returns how many. */
export async function resolveOpenReports(
  db: Kysely<Database>,
  target: TargetRef,
  r: { by: number; resolution: string; at: string },
): Promise<number> {
  const result = await db
    .updateTable("reports")
    .set({ resolved_at: r.at, resolved_by: r.by, resolution: r.resolution })
    .where("target_kind", "=", target.kind)
    .where("target_id", "=", target.id)
    .where("resolved_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** How many targets have open reports (the queue's length). */
export async function countOpenTargets(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom((eb) =>
      eb
        .selectFrom("reports")
        .where("resolved_at", "is", null)
        .select(["target_kind", "target_id"])
        .groupBy(["target_kind", "target_id"])
        .as("t"),
    )
    .select((eb) => eb.fn.countAll<number | string | bigint>().as("n"))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export interface OpenTargetRow {
  target_kind: string;
  target_id: number;
  first_at: string;
}

/** Targets with open reports, the longest waiting first, a page at a time. */
export function listOpenTargets(
  db: Kysely<Database>,
  offset: number,
  limit: number,
): Promise<OpenTargetRow[]> {
  return db
    .selectFrom("reports")
    .where("resolved_at", "is", null)
    .select(["target_kind", "target_id"])
    .select((eb) => eb.fn.min<string>("created_at").as("first_at"))
    .groupBy(["target_kind", "target_id"])
    .orderBy("first_at")
    .orderBy("target_kind")
    .orderBy("target_id")
    .offset(offset)
    .limit(limit)
    .execute();
}

export interface OpenReportRow {
  id: number;
  target_kind: string;
  target_id: number;
  reason: string;
  created_at: string;
  reporter_username: string | null;
  reporter_display_name: string | null;
}

/** The open reports on these targets, oldest first, with who filed them (if still there). */
export function listOpenReportsOn(
  db: Kysely<Database>,
  targets: readonly TargetRef[],
): Promise<OpenReportRow[]> {
  if (targets.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("reports as r")
    .leftJoin("users as u", "u.id", "r.reporter_id")
    .where("r.resolved_at", "is", null)
    .where((eb) =>
      eb.or(
        targets.map((t) =>
          eb.and([eb("r.target_kind", "=", t.kind), eb("r.target_id", "=", t.id)]),
        ),
      ),
    )
    .select([
      "r.id",
      "r.target_kind",
      "r.target_id",
      "r.reason",
      "r.created_at",
      "u.username as reporter_username",
      "u.display_name as reporter_display_name",
    ])
    .orderBy("r.created_at")
    .orderBy("r.id")
    .execute();
}
