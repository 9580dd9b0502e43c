import { type Kysely, sql } from "kysely";
import { dialectOf } from "../db/dialect";
import { listedSummary } from "../db/listed";
import { SUMMARIES_PROFILE } from "../db/migrations/2026-12-05T1000-profile-listing-index";
import type { Database } from "../db/schema";

// A profile's summaries (listed, signed), best first, from the partial index of
// 2026-12-05T1000-profile-listing-index: the count walks index entries, a page its offset's
// worth, whatever the user wrote. SQLite has no planner statistics, so it is told the index.

function profileRows(db: Kysely<Database>) {
  return sql.raw(
    dialectOf(db) === "postgres" ? "summaries s" : `summaries s indexed by ${SUMMARIES_PROFILE}`,
  );
}

/** The index's condition: listed (db/listed.ts) and signed. Planners match it term by term. */
const listedSigned = sql`${listedSummary("s")} and s.is_anonymous = 0`;

/** Ids of a page of the user's listed, signed summaries: best first, then newest. */
export async function userSummaryIds(
  db: Kysely<Database>,
  userId: number,
  window: { offset: number; limit: number },
): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`
    select s.id from ${profileRows(db)}
    where s.user_id = ${userId} and ${listedSigned}
    order by s.score desc, s.id desc
    limit ${sql.lit(window.limit)} offset ${window.offset}`.execute(db);
  return rows.map((r) => Number(r.id));
}

/** How many listed, signed summaries the user has (what userSummaryIds pages). */
export async function countUserSummaries(db: Kysely<Database>, userId: number): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`
    select count(*) as n from ${profileRows(db)}
    where s.user_id = ${userId} and ${listedSigned}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}
