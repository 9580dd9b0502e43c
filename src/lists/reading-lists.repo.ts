// The one writer of reading_lists, and its reads. Every change of a list or its items runs in
// a transaction that starts with lockList, so a list changes one writer at a time.

import type { Kysely } from "kysely";
import type { Database } from "../db/schema";

export interface ListRow {
  id: number;
  user_id: number;
  name: string;
  slug: string;
  description: string;
  is_public: number;
  created_at: string;
  updated_at: string;
}

const LIST_COLUMNS = [
  "l.id",
  "l.user_id",
  "l.name",
  "l.slug",
  "l.description",
  "l.is_public",
  "l.created_at",
  "l.updated_at",
] as const;

export async function findListBySlug(
  db: Kysely<Database>,
  userId: number,
  slug: string,
): Promise<ListRow | null> {
  const row = await db
    .selectFrom("reading_lists as l")
    .select(LIST_COLUMNS)
    .where("l.user_id", "=", userId)
    .where("l.slug", "=", slug)
    .executeTakeFirst();
  return row ?? null;
}

export async function findListById(db: Kysely<Database>, id: number): Promise<ListRow | null> {
  const row = await db
    .selectFrom("reading_lists as l")
    .select(LIST_COLUMNS)
    .where("l.id", "=", id)
    .executeTakeFirst();
  return row ?? null;
}

/** A person's lists (only the public ones unless `all`), newest change first, with their sizes. */
export async function listUserLists(db: Kysely<Database>, userId: number, all: boolean) {
  let q = db
    .selectFrom("reading_lists as l")
    .select(LIST_COLUMNS)
    .select((eb) =>
      eb
        .selectFrom("reading_list_items as i")
        .whereRef("i.list_id", "=", "l.id")
        .select(eb.fn.countAll<number>().as("n"))
        .as("item_count"),
    )
    .where("l.user_id", "=", userId);
  if (!all) q = q.where("l.is_public", "=", 1);
  return q.orderBy("l.updated_at", "desc").orderBy("l.id", "desc").execute();
}

/** The owner's lists and whether each already holds `paperId` (the add form's choices). */
export async function listChoiceRows(db: Kysely<Database>, userId: number, paperId: number) {
  return db
    .selectFrom("reading_lists as l")
    .select(["l.id", "l.name", "l.is_public"])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom("reading_list_items as i")
            .whereRef("i.list_id", "=", "l.id")
            .where("i.paper_id", "=", paperId)
            .select("i.paper_id"),
        )
        .as("has_paper"),
    )
    .where("l.user_id", "=", userId)
    .orderBy("l.updated_at", "desc")
    .orderBy("l.id", "desc")
    .execute();
}

export async function countUserLists(db: Kysely<Database>, userId: number): Promise<number> {
  const row = await db
    .selectFrom("reading_lists")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function slugTaken(
  db: Kysely<Database>,
  userId: number,
  slug: string,
  exceptId: number | null,
): Promise<boolean> {
  let q = db
    .selectFrom("reading_lists")
    .select("id")
    .where("user_id", "=", userId)
    .where("slug", "=", slug);
  if (exceptId !== null) q = q.where("id", "<>", exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export interface ListValues {
  name: string;
  slug: string;
  description: string;
  isPublic: boolean;
}

export async function insertList(
  db: Kysely<Database>,
  userId: number,
  v: ListValues,
  at: string,
): Promise<number> {
  const row = await db
    .insertInto("reading_lists")
    .values({
      user_id: userId,
      name: v.name,
      slug: v.slug,
      description: v.description,
      is_public: v.isPublic ? 1 : 0,
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateList(
  db: Kysely<Database>,
  id: number,
  v: ListValues,
  at: string,
): Promise<void> {
  await db
    .updateTable("reading_lists")
    .set({
      name: v.name,
      slug: v.slug,
      description: v.description,
      is_public: v.isPublic ? 1 : 0,
      updated_at: at,
    })
    .where("id", "=", id)
    .execute();
}

/** Deletes the list; its items go with it (the foreign key cascades). */
export async function deleteList(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom("reading_lists").where("id", "=", id).execute();
}

/**
 * Touches the list's row as the transaction's first write: on PostgreSQL that row lock makes
 * every other writer of this list wait until commit (on SQLite writeVisible holds the whole
 * database's write lock already). Returns the row as it is now, or null when it is gone.
 */
export async function lockList(
  db: Kysely<Database>,
  id: number,
  at: string,
): Promise<ListRow | null> {
  const touched = await db
    .updateTable("reading_lists")
    .set({ updated_at: at })
    .where("id", "=", id)
    .executeTakeFirst();
  if (Number(touched.numUpdatedRows) === 0) return null;
  return findListById(db, id);
}
