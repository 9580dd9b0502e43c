import { type Kysely, sql } from "kysely";
import { compiledOnce, compiledOnceForList } from "../db/compiled-queries";
import { dialectOf } from "../db/dialect";
import { listedComment, listedSummary, presentSummary } from "../db/listed";
import type { Database } from "../db/schema";

/** A summary as lists show it, with its paper and (raw) author; the service hides anonymous authors. */
export interface SummaryListRow {
  id: number;
  paper_id: number;
  html: string;
  score: number;
  is_anonymous: number;
  paper_version: number | null;
  created_at: string;
  updated_at: string;
  /** The last edit after publishing, or null (never edited). */
  edited_at: string | null;
  paper_title: string;
  paper_arxiv_version: number | null;
  author_username: string;
  author_display_name: string;
  /** A scalar subquery: typed nullable, though a count is always there. */
  comment_count: number | null;
}

/** Summaries with their paper and author, private ones included: callers filter. */
export function summariesWithAuthors(db: Kysely<Database>) {
  return summaryColumns(db).select("s.html");
}

/** Every column of a SummaryListRow but the HTML. */
function summaryColumns(db: Kysely<Database>) {
  return db
    .selectFrom("summaries as s")
    .innerJoin("papers as p", "p.id", "s.paper_id")
    .innerJoin("users as u", "u.id", "s.user_id")
    .select([
      "s.id",
      "s.paper_id",
      "s.score",
      "s.is_anonymous",
      "s.paper_version",
      "s.created_at",
      "s.updated_at",
      "s.edited_at",
      "p.title as paper_title",
      "p.arxiv_version as paper_arxiv_version",
      "u.username as author_username",
      "u.display_name as author_display_name",
    ])
    .select((eb) =>
      eb
        .selectFrom("comments as c")
        .whereRef("c.summary_id", "=", "s.id")
        .where(listedComment("c"))
        .select((count) => count.fn.countAll<number>().as("n"))
        .as("comment_count"),
    );
}

function publicSummaries(db: Kysely<Database>) {
  return summariesWithAuthors(db).where(listedSummary("s"));
}

/** A summary row whose HTML is its stored UTF-8 bytes, with the card excerpt for previews. */
export interface SummaryBytesRow extends Omit<SummaryListRow, "html"> {
  html_bytes: Uint8Array;
  /** render/excerpt.ts's excerpt, null on rows older than it (rerender fills it). */
  excerpt_html: string | null;
}

/**
 * The column's bytes as the database holds them (core/html-slots.ts): SQLite hands a BLOB
 * cast over as a copy of the bytes, PostgreSQL's bytea arrives as a Buffer; neither becomes a
 * JavaScript string.
 */
function htmlBytes(db: Kysely<Database>) {
  return dialectOf(db) === "postgres"
    ? sql<Uint8Array>`convert_to(s.html, 'UTF8')`
    : sql<Uint8Array>`cast(s.html as blob)`;
}

/** A paper's public summaries, best first, their HTML as bytes (the paper page). */
export async function listPaperSummaryBytes(
  db: Kysely<Database>,
  paperId: number,
): Promise<SummaryBytesRow[]> {
  return compiledOnce(db, "paper-summary-bytes", [paperId], () =>
    summaryBytes(db)
      .where("s.paper_id", "=", paperId)
      .orderBy("s.score", "desc")
      .orderBy("s.created_at"),
  );
}

/** One public summary, its HTML as bytes (its permalink). */
export async function findPublicSummaryBytes(
  db: Kysely<Database>,
  id: number,
): Promise<SummaryBytesRow | null> {
  const rows = await compiledOnce(db, "summary-bytes", [id], () =>
    summaryBytes(db).where("s.id", "=", id),
  );
  return rows[0] ?? null;
}

function summaryBytes(db: Kysely<Database>) {
  return summaryColumns(db)
    .select([htmlBytes(db).as("html_bytes"), "s.excerpt_html"])
    .where(listedSummary("s"));
}

export async function findPublicSummary(
  db: Kysely<Database>,
  id: number,
): Promise<SummaryListRow | null> {
  return (await publicSummaries(db).where("s.id", "=", id).executeTakeFirst()) ?? null;
}

/** A user's public summaries that carry their name (anonymous ones never do). */
export async function listUserSummaries(
  db: Kysely<Database>,
  userId: number,
): Promise<SummaryListRow[]> {
  return publicSummaries(db)
    .where("s.user_id", "=", userId)
    .where("s.is_anonymous", "=", 0)
    .orderBy("s.score", "desc")
    .orderBy("s.id", "desc")
    .execute();
}

/** A summary as a card shows it: its excerpt (not its HTML), its paper's details and author. */
export interface SummaryCardRow {
  id: number;
  paper_id: number;
  score: number;
  is_anonymous: number;
  created_at: string;
  excerpt_html: string | null;
  excerpt_cut: number;
  /** The whole HTML, read only for a row stored before excerpts were (excerpt_html null). */
  html_without_excerpt: string | null;
  paper_title: string;
  /** JSON text: papers.mapper decodes it. */
  paper_authors: string;
  paper_year: number | null;
  venue_key: string | null;
  venue_name: string | null;
  author_username: string;
  author_display_name: string;
  comment_count: number | null;
}

/** Summaries as cards, listed or not: the caller decides. */
function summaryCards(db: Kysely<Database>) {
  return db
    .selectFrom("summaries as s")
    .innerJoin("papers as p", "p.id", "s.paper_id")
    .innerJoin("users as u", "u.id", "s.user_id")
    .leftJoin("venues as ven", "ven.id", "p.venue_id")
    .select([
      "s.id",
      "s.paper_id",
      "s.score",
      "s.is_anonymous",
      "s.created_at",
      "s.excerpt_html",
      "s.excerpt_cut",
      "p.title as paper_title",
      "p.authors as paper_authors",
      "p.year as paper_year",
      "ven.key as venue_key",
      "ven.name as venue_name",
      "u.username as author_username",
      "u.display_name as author_display_name",
    ])
    .select((eb) => [
      // A summary's HTML can be megabytes: the cards read it only where no excerpt is stored.
      sql<string | null>`case when s.excerpt_html is null then s.html end`.as(
        "html_without_excerpt",
      ),
      eb
        .selectFrom("comments as c")
        .whereRef("c.summary_id", "=", "s.id")
        .where(listedComment("c"))
        .select((count) => count.fn.countAll<number>().as("n"))
        .as("comment_count"),
    ]);
}

/** The listed summaries of `ids` as cards, in the order of `ids` (one that stopped being listed
 *  since the ids were read is left out). */
export async function listSummaryCardRowsByIds(
  db: Kysely<Database>,
  ids: readonly number[],
): Promise<SummaryCardRow[]> {
  if (ids.length === 0) return [];
  // Listed-ness is read, not filtered on, so that the ids alone choose the plan: SQLite, which
  // has no statistics, once took `is_private = 0` for the selective term here and walked every
  // public summary (10 ms at 50,000) instead of reading five rows.
  // Every home page and profile reads a page of cards.
  const rows = await compiledOnceForList(db, "summary-cards", ids, () =>
    summaryCards(db)
      .select(listedSummary("s").as("listed"))
      .where("s.id", "in", [...ids]),
  );
  const listed = rows.filter((r) => Boolean(r.listed)).map(({ listed: _, ...card }) => card);
  const byId = new Map(listed.map((r) => [Number(r.id), r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Any summary, private ones included, by its secret share token. */
export async function findSummaryByShareToken(
  db: Kysely<Database>,
  token: string,
): Promise<SummaryListRow | null> {
  return (
    (await summariesWithAuthors(db)
      .where("s.share_token", "=", token)
      .where(presentSummary("s"))
      .executeTakeFirst()) ?? null
  );
}

export interface OwnSummaryRow {
  id: number;
  source: string;
  is_private: number;
  is_anonymous: number;
  share_token: string;
  /** Deleted by its author (restorable for a while), or null. */
  deleted_at: string | null;
}

/** A user's one summary of a paper, if they wrote one (private, or deleted and not yet purged). */
export async function findOwnSummary(
  db: Kysely<Database>,
  paperId: number,
  userId: number,
): Promise<OwnSummaryRow | null> {
  const rows = await compiledOnce(db, "own-summary", [paperId, userId], () =>
    db
      .selectFrom("summaries")
      .select(["id", "source", "is_private", "is_anonymous", "share_token", "deleted_at"])
      .where("paper_id", "=", paperId)
      .where("user_id", "=", userId),
  );
  return rows[0] ?? null;
}

/** Whether the summary exists and is public (the only kind readers may comment on). */
export async function isPublicSummary(db: Kysely<Database>, id: number): Promise<boolean> {
  const row = await db
    .selectFrom("summaries")
    .select("id")
    .where("id", "=", id)
    .where(listedSummary("summaries"))
    .executeTakeFirst();
  return row !== undefined;
}

/** One public summary's id picked at random (uniformly), or null when there is none. */
export async function pickRandomPublicSummaryId(db: Kysely<Database>): Promise<number | null> {
  const row = await db
    .selectFrom("summaries")
    .select("id")
    .where(listedSummary("summaries"))
    .orderBy(sql`random()`)
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

export interface ExportSummaryRow {
  id: number;
  paper_id: number;
  source: string;
  is_private: number;
  is_anonymous: number;
  share_token: string;
  created_at: string;
  updated_at: string;
  paper_title: string;
  arxiv_id: string | null;
  doi: string | null;
}

/** Where the previous batch of an export ended: its last (oldest) summary. */
export interface ExportCursor {
  createdAt: string;
  id: number;
}

/**
 * A batch of a user's own summaries, private and anonymous included, newest first (by
 * creation, then id), after `cursor`: keyset paging, so each batch costs the same.
 */
export async function listOwnSummariesBatch(
  db: Kysely<Database>,
  userId: number,
  cursor: ExportCursor | null,
  limit: number,
): Promise<ExportSummaryRow[]> {
  let query = db
    .selectFrom("summaries as s")
    .innerJoin("papers as p", "p.id", "s.paper_id")
    .where("s.user_id", "=", userId)
    // Their own text, hidden by a moderator or not; a deleted one is gone from their export.
    .where("s.deleted_at", "is", null)
    .select([
      "s.id",
      "s.paper_id",
      "s.source",
      "s.is_private",
      "s.is_anonymous",
      "s.share_token",
      "s.created_at",
      "s.updated_at",
      "p.title as paper_title",
    ])
    .select((eb) => [
      eb
        .selectFrom("paper_identifiers as i")
        .whereRef("i.paper_id", "=", "s.paper_id")
        .where("i.scheme", "=", "arxiv")
        .select(sql<string>`min(i.value)`.as("v"))
        .as("arxiv_id"),
      eb
        .selectFrom("paper_identifiers as i")
        .whereRef("i.paper_id", "=", "s.paper_id")
        .where("i.scheme", "=", "doi")
        .select(sql<string>`min(i.value)`.as("v"))
        .as("doi"),
    ]);
  if (cursor) {
    query = query.where((eb) =>
      eb.or([
        eb("s.created_at", "<", cursor.createdAt),
        eb.and([eb("s.created_at", "=", cursor.createdAt), eb("s.id", "<", cursor.id)]),
      ]),
    );
  }
  return query.orderBy("s.created_at", "desc").orderBy("s.id", "desc").limit(limit).execute();
}
