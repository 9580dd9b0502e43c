// What feeds read: listed summaries with their paper and author, and the few facts around
// them (identifiers, a venue's or a user's id). Reads only; every table here has its writer
// elsewhere. Anonymity is decided in feeds.service.ts, which drops the author's name.

import type { Kysely } from "kysely";
import { listedSummary } from "../db/listed";
import type { Database } from "../db/schema";

export interface FeedRow {
  id: number;
  paper_id: number;
  source: string;
  html: string;
  score: number;
  is_anonymous: number;
  created_at: string;
  updated_at: string;
  paper_title: string;
  author_username: string;
  author_display_name: string;
}

export type FeedScope =
  | { kind: "latest" }
  | { kind: "paper"; paperId: number }
  | { kind: "user"; userId: number }
  | { kind: "venue"; venueId: number };

function listedRows(db: Kysely<Database>) {
  return db
    .selectFrom("summaries as s")
    .innerJoin("papers as p", "p.id", "s.paper_id")
    .innerJoin("users as u", "u.id", "s.user_id")
    .where(listedSummary("s"))
    .select([
      "s.id",
      "s.paper_id",
      "s.source",
      "s.html",
      "s.score",
      "s.is_anonymous",
      "s.created_at",
      "s.updated_at",
      "p.title as paper_title",
      "u.username as author_username",
      "u.display_name as author_display_name",
    ]);
}

/** The newest listed summaries of a scope, by last save. A user's feed: signed ones only. */
export async function listScopeRows(
  db: Kysely<Database>,
  scope: FeedScope,
  limit: number,
): Promise<FeedRow[]> {
  let q = listedRows(db);
  if (scope.kind === "paper") q = q.where("s.paper_id", "=", scope.paperId);
  if (scope.kind === "user")
    q = q.where("s.user_id", "=", scope.userId).where("s.is_anonymous", "=", 0);
  if (scope.kind === "venue") q = q.where("p.venue_id", "=", scope.venueId);
  return q.orderBy("s.updated_at", "desc").orderBy("s.id", "desc").limit(limit).execute();
}

export interface LegacyCursor {
  updatedAt: string;
  id: number;
}

/**
 * The legacy feeds' rows (score > 1), newest save first, one keyset page after `after`:
 * rss-all.xml reads them all in batches instead of one unbounded result.
 */
export async function listLegacyRows(
  db: Kysely<Database>,
  after: LegacyCursor | null,
  limit: number,
): Promise<FeedRow[]> {
  let q = listedRows(db).where("s.score", ">", 1);
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb("s.updated_at", "<", after.updatedAt),
        eb.and([eb("s.updated_at", "=", after.updatedAt), eb("s.id", "<", after.id)]),
      ]),
    );
  }
  return q.orderBy("s.updated_at", "desc").orderBy("s.id", "desc").limit(limit).execute();
}

/** The newest legacy row's save and id (for a streamed legacy feed's ETag), or null. */
export async function newestLegacyRow(
  db: Kysely<Database>,
): Promise<{ id: number; updated_at: string } | null> {
  const row = await db
    .selectFrom("summaries as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .innerJoin("papers as p", "p.id", "s.paper_id")
    .where(listedSummary("s"))
    .where("s.score", ">", 1)
    .select(["s.id", "s.updated_at"])
    .orderBy("s.updated_at", "desc")
    .orderBy("s.id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ?? null;
}

/** The identifiers of these papers (all schemes), for links, arxivid and bibtexkey. */
export async function listIdentifiers(
  db: Kysely<Database>,
  paperIds: readonly number[],
): Promise<{ paper_id: number; scheme: string; value: string }[]> {
  if (paperIds.length === 0) return [];
  return db
    .selectFrom("paper_identifiers")
    .select(["paper_id", "scheme", "value"])
    .where("paper_id", "in", [...new Set(paperIds)])
    .orderBy("id")
    .execute();
}

export async function findVenueForFeed(
  db: Kysely<Database>,
  key: string,
): Promise<{ id: number; key: string; name: string } | null> {
  return (
    (await db
      .selectFrom("venues")
      .select(["id", "key", "name"])
      .where("key", "=", key)
      .executeTakeFirst()) ?? null
  );
}

/** A live account by its username as the profile URL writes it (case ignored, as there). */
export async function findUserForFeed(
  db: Kysely<Database>,
  usernameKey: string,
): Promise<{ id: number; username: string; display_name: string } | null> {
  return (
    (await db
      .selectFrom("users")
      .select(["id", "username", "display_name"])
      .where("username_key", "=", usernameKey)
      .where("deleted_at", "is", null)
      .executeTakeFirst()) ?? null
  );
}

/** These summaries if listed, in no particular order (a search's results: the caller orders). */
export async function listRowsByIds(
  db: Kysely<Database>,
  ids: readonly number[],
): Promise<FeedRow[]> {
  if (ids.length === 0) return [];
  return listedRows(db)
    .where("s.id", "in", [...new Set(ids)])
    .execute();
}
