import type { Kysely } from "kysely";
import { listedComment, listedSummary } from "../db/listed";
import type { Database } from "../db/schema";

// A profile's comments tab. Reads comments with their summary and paper (comments and
// summaries own those tables); only listed comments on listed summaries (db/listed.ts), so a private summary's
// discussion never shows through its commenters' profiles.

export interface ProfileCommentRow {
  id: number;
  summary_id: number;
  html: string;
  created_at: string;
  paper_title: string;
}

function visibleComments(db: Kysely<Database>, userId: number) {
  return db
    .selectFrom("comments as c")
    .innerJoin("summaries as s", "s.id", "c.summary_id")
    .innerJoin("papers as p", "p.id", "s.paper_id")
    .where("c.user_id", "=", userId)
    .where(listedSummary("s"))
    .where(listedComment("c"));
}

/** Newest first. */
export async function selectProfileComments(
  db: Kysely<Database>,
  userId: number,
  offset: number,
  limit: number,
): Promise<ProfileCommentRow[]> {
  return visibleComments(db, userId)
    .select(["c.id", "c.summary_id", "c.html", "c.created_at", "p.title as paper_title"])
    .orderBy("c.created_at", "desc")
    .orderBy("c.id", "desc")
    .offset(offset)
    .limit(limit)
    .execute();
}

export async function countProfileComments(db: Kysely<Database>, userId: number): Promise<number> {
  const row = await visibleComments(db, userId)
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
