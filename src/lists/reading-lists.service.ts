// Reading lists: who may see and change which list, the bounds, and every write in one
// transaction that first locks what it changes (see reading-lists.repo.ts lockList).

import type { Kysely } from "kysely";
import { cacheTag } from "../core/cache-tags";
import type { CurrentUser } from "../core/current-user";
import { DomainError, notFound } from "../core/errors";
import { READING_LIST_ITEMS_MAX, READING_LISTS_PER_USER_MAX } from "../core/limits";
import { assertCanPublish } from "../core/publish-policy";
import { nowIso } from "../core/time";
import { writeVisible } from "../db/content-version";
import { lockKeyUntilCommit } from "../db/dialect";
import type { Database } from "../db/schema";
import { findPaperBrief } from "../papers/papers.service";
import { consumeRateLimit } from "../ratelimit/rate-limit.service";
import { findLiveUserByUsername } from "../users/users.service";
import { checkedInput, checkedName, checkedNote, type ListInput } from "./list-input";
import { listPath, slugOf } from "./list-paths";
import * as itemRepo from "./reading-list-items.repo";
import * as repo from "./reading-lists.repo";

export interface ListOwner {
  id: number;
  username: string;
  displayName: string;
}

export interface ReadingList {
  id: number;
  name: string;
  slug: string;
  description: string;
  isPublic: boolean;
  createdAt: string;
  updatedAt: string;
  /** /user/NAME/lists/SLUG */
  path: string;
}

export type { ListInput } from "./list-input";

function toList(row: repo.ListRow, username: string): ReadingList {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    description: row.description,
    isPublic: row.is_public === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    path: listPath(username, row.slug),
  };
}

/** The person whose lists a /user/NAME/lists address names; 404 for a missing or deleted one. */
export async function findListOwner(db: Kysely<Database>, username: string): Promise<ListOwner> {
  const user = await findLiveUserByUsername(db, username);
  if (!user) throw notFound("That user");
  return { id: user.id, username: user.username, displayName: user.displayName };
}

/** A person's lists as `viewer` may see them: the owner all, anyone else the public ones. */
export async function listsOf(
  db: Kysely<Database>,
  owner: ListOwner,
  viewer: CurrentUser | null,
): Promise<(ReadingList & { itemCount: number })[]> {
  const rows = await repo.listUserLists(db, owner.id, viewer?.id === owner.id);
  return rows.map((r) => ({ ...toList(r, owner.username), itemCount: Number(r.item_count) }));
}

/** One list, if `viewer` may see it: a private list is a 404 to anyone but its owner. */
export async function findVisibleList(
  db: Kysely<Database>,
  owner: ListOwner,
  slug: string,
  viewer: CurrentUser | null,
): Promise<ReadingList> {
  const row = await repo.findListBySlug(db, owner.id, slug);
  if (!row || (row.is_public !== 1 && viewer?.id !== owner.id)) throw notFound("That list");
  return toList(row, owner.username);
}

/** The owner's lists for the add form, and whether each already holds the paper. */
export async function listChoices(db: Kysely<Database>, userId: number, paperId: number) {
  const rows = await repo.listChoiceRows(db, userId, paperId);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    isPublic: r.is_public === 1,
    hasPaper: Boolean(r.has_paper),
  }));
}

// --- Writes ----------------------------------------------------------------------------------

async function allowWrite(db: Kysely<Database>, user: CurrentUser, isPublic: boolean) {
  // A public list is published content: the same rule as a summary. Private ones are notes.
  if (isPublic) assertCanPublish(user);
  await consumeRateLimit(db, "readingListWritePerUser", String(user.id));
}

/** A free slug for the owner: the name's, or with -2, -3… after it. */
async function freeSlug(
  trx: Kysely<Database>,
  userId: number,
  name: string,
  exceptId: number | null,
) {
  const base = slugOf(name);
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!(await repo.slugTaken(trx, userId, slug, exceptId))) return slug;
  }
}

/** Makes a list inside `trx` (the owner's lists locked first, so the count and slug hold). */
async function createIn(trx: Kysely<Database>, user: CurrentUser, v: ListInput) {
  await lockKeyUntilCommit(trx, `reading-lists:${user.id}`);
  if ((await repo.countUserLists(trx, user.id)) >= READING_LISTS_PER_USER_MAX) {
    throw new DomainError(
      "conflict",
      `You have ${READING_LISTS_PER_USER_MAX} lists, the most one person can have. Delete one first.`,
    );
  }
  const slug = await freeSlug(trx, user.id, v.name, null);
  const id = await repo.insertList(trx, user.id, { ...v, slug }, nowIso());
  return { id, slug };
}

export async function createList(
  db: Kysely<Database>,
  user: CurrentUser,
  input: ListInput,
): Promise<string> {
  const v = checkedInput(input);
  await allowWrite(db, user, v.isPublic);
  const { slug } = await writeVisible(db, (trx) => createIn(trx, user, v), {
    changed: () => v.isPublic,
    tags: () => listTags(user),
  });
  return listPath(user.username, slug);
}

/**
 * A list shows on the list pages and its owner's lists tab alone: the paper pages and the
 * profile only link to them, whatever the lists hold.
 */
function listTags(user: CurrentUser): string[] {
  return [cacheTag.lists, cacheTag.user(user.id)];
}

/** Locks the list and checks it is the user's; anyone else's is "not found", as when reading. */
async function lockOwn(trx: Kysely<Database>, user: CurrentUser, listId: number) {
  const row = await repo.lockList(trx, listId, nowIso());
  if (!row || row.user_id !== user.id) throw notFound("That list");
  return row;
}

/** The list's owner-only writes: `work` runs with the list locked; returns where to go next. */
async function changeList<T>(
  db: Kysely<Database>,
  user: CurrentUser,
  listId: number,
  work: (trx: Kysely<Database>, row: repo.ListRow) => Promise<T>,
  publicAfter = false,
): Promise<T> {
  await allowWrite(db, user, false);
  // Pages cached for the public change only when the list was or becomes public.
  let visible = publicAfter;
  return writeVisible(
    db,
    async (trx) => {
      const row = await lockOwn(trx, user, listId);
      visible ||= row.is_public === 1;
      return work(trx, row);
    },
    { changed: () => visible, tags: () => listTags(user) },
  );
}

export async function editList(
  db: Kysely<Database>,
  user: CurrentUser,
  listId: number,
  input: ListInput,
): Promise<string> {
  const v = checkedInput(input);
  if (v.isPublic) assertCanPublish(user);
  const slug = await changeList(
    db,
    user,
    listId,
    async (trx, row) => {
      // A new name gives a new address; an unchanged name keeps it (and the feed's).
      const slug = v.name === row.name ? row.slug : await freeSlug(trx, user.id, v.name, listId);
      await repo.updateList(trx, listId, { ...v, slug }, nowIso());
      return slug;
    },
    v.isPublic,
  );
  return listPath(user.username, slug);
}

export async function deleteList(db: Kysely<Database>, user: CurrentUser, listId: number) {
  await changeList(db, user, listId, (trx) => repo.deleteList(trx, listId));
}

/** Where a paper goes: one of the user's lists, or a new (private) list of that name. */
export type AddTarget = { listId: number } | { newName: string };

/** Adds the paper (once: adding it again changes nothing); returns the list's path. */
export async function addPaper(
  db: Kysely<Database>,
  user: CurrentUser,
  target: AddTarget,
  paperId: number,
  noteText: string,
): Promise<{ path: string; added: boolean }> {
  const note = checkedNote(noteText);
  const newName = "newName" in target ? checkedName(target.newName) : null;
  if (!(await findPaperBrief(db, paperId))) throw notFound("That paper");
  await allowWrite(db, user, false);
  let visible = false;
  return writeVisible(
    db,
    async (trx) => {
      const listId =
        newName === null
          ? (target as { listId: number }).listId
          : (await createIn(trx, user, { name: newName, description: "", isPublic: false })).id;
      const row = await lockOwn(trx, user, listId);
      visible = row.is_public === 1;
      const path = listPath(user.username, row.slug);
      const items = await itemRepo.listItemRows(trx, listId);
      if (items.some((i) => i.paper_id === paperId)) return { path, added: false };
      if (items.length >= READING_LIST_ITEMS_MAX) {
        throw new DomainError(
          "conflict",
          `This list holds ${READING_LIST_ITEMS_MAX} papers, the most a list can. Start another list.`,
        );
      }
      const last = items.length === 0 ? -1 : Math.max(...items.map((i) => i.position));
      await itemRepo.insertItem(trx, { listId, paperId, note, position: last + 1, at: nowIso() });
      return { path, added: true };
    },
    { changed: (r) => visible && r.added, tags: () => listTags(user) },
  );
}

export async function editNote(
  db: Kysely<Database>,
  user: CurrentUser,
  listId: number,
  paperId: number,
  noteText: string,
): Promise<string> {
  const note = checkedNote(noteText);
  return changeList(db, user, listId, async (trx, row) => {
    if (!(await itemRepo.setItemNote(trx, listId, paperId, note))) throw notFound("That paper");
    return listPath(user.username, row.slug);
  });
}

export async function removePaper(
  db: Kysely<Database>,
  user: CurrentUser,
  listId: number,
  paperId: number,
): Promise<string> {
  return changeList(db, user, listId, async (trx, row) => {
    // Removing what is gone already (a second tab) is done: nothing to say.
    await itemRepo.deleteItem(trx, listId, paperId);
    return listPath(user.username, row.slug);
  });
}

/**
 * Moves a paper one place up or down. Under the list's lock the order is read, the paper
 * swapped with its neighbour, and every position rewritten as 0…n−1 where it differs: two
 * tabs moving at once apply one after the other, and the order stays a permutation.
 */
export async function movePaper(
  db: Kysely<Database>,
  user: CurrentUser,
  listId: number,
  paperId: number,
  direction: "up" | "down",
): Promise<string> {
  return changeList(db, user, listId, async (trx, row) => {
    const items = await itemRepo.listItemRows(trx, listId);
    const at = items.findIndex((i) => i.paper_id === paperId);
    if (at === -1) throw notFound("That paper");
    const to = direction === "up" ? at - 1 : at + 1;
    const moved = items[at];
    const other = items[to];
    if (moved && other) {
      items[at] = other;
      items[to] = moved;
    }
    for (const [position, item] of items.entries()) {
      if (item.position !== position) {
        await itemRepo.setItemPosition(trx, listId, item.paper_id, position);
      }
    }
    return listPath(user.username, row.slug);
  });
}
