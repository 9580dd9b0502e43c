// Where papers from outside data (metadata services, bulk imports) are stored, through the
// tables' one writer (paper-writes.repo.ts). A paper is found through any of its identifiers,
// so an arXiv record and the DOI record of its journal version become one paper; identifiers
// are never moved from one paper to another. A record that lands on a paper whose details a
// person gave (metadata_source "hand" or "moderator") replaces them whole and marks the paper
// confirmed ("service").

import type { Kysely } from "kysely";
import { cacheTag } from "../core/cache-tags";
import { invalid } from "../core/errors";
import { VENUE_CACHE_MAX_ENTRIES } from "../core/limits";
import { nowIso } from "../core/time";
import { writeVisible } from "../db/content-version";
import type { Database } from "../db/schema";
import { fieldsOfRecord, mergeRecord, settleSection } from "./paper-merge";
import { boundedRecord, type PaperFields, type PaperRecord } from "./paper-record";
import { addPaperIdentifiers, deletePaper, insertPapers, updatePaper } from "./paper-writes.repo";
import {
  fieldsOfStored,
  type PaperDetailsToWrite,
  type StoredPaper,
  storedDetailsEqual,
} from "./papers.mapper";
import { findIdentifierOwners, findStoredPapers } from "./papers.repo";
import { ensureVenues } from "./venues.repo";

export type { PaperRecord } from "./paper-record";
export { recordFromMetadata } from "./paper-record";

export interface UpsertResult {
  /** New papers. */
  inserted: number;
  /** Existing papers that changed or gained an identifier. */
  updated: number;
  /** Existing papers the records matched with nothing new. */
  unchanged: number;
  /** Identifiers skipped because another paper already has them. */
  conflicts: number;
  /** The paper of each record, in the records' order. */
  ids: number[];
}

/** Venue ids by key, kept across the batches of one import run (bounded: see limits). */
export type VenueCache = Map<string, number>;

interface Slot {
  id: number | null;
  stored: StoredPaper | null;
  draft: PaperFields;
  newIds: { scheme: string; value: string }[];
  /** A stored paper with details a person gave, replaced by this batch's first record for it. */
  confirmed: boolean;
}

const keyOf = (i: { scheme: string; value: string }) => `${i.scheme}\u0000${i.value}`;

/**
 * Inserts or updates the papers of `records` in one transaction (or in the caller's, when
 * `db` is one), through the one visible-write path (content version bumped in it).
 */
export async function upsertPapers(
  db: Kysely<Database>,
  records: readonly PaperRecord[],
  options: { venues?: VenueCache } = {},
): Promise<UpsertResult> {
  const bounded = records.map((r) => boundedRecord(r));
  if (bounded.some((r) => r === null)) throw invalid("A paper needs a title.");
  const valid = bounded as PaperRecord[];
  const known = options.venues ?? new Map<string, number>();
  // Venue ids this call looked up or created; they join the cache only after the commit, so
  // that ids of venues created by a rolled-back batch are never reused.
  const found = new Map<string, number>();
  const work = (trx: Kysely<Database>) => storeBatch(trx, valid, { known, found });
  const result = await writeVisible(db, work, {
    changed: (r) => r.inserted + r.updated > 0,
    tags: newPaperTags,
  });
  if (options.venues && !db.isTransaction) {
    if (known.size + found.size > VENUE_CACHE_MAX_ENTRIES) known.clear();
    for (const [k, id] of found) known.set(k, id);
  }
  return result;
}

/**
 * New papers only: their own pages (a 404 until now, never cached) and the site-wide lists.
 * Summaries cite papers by identifier whether we have them or not (render/cite.ts), so no
 * other page changes. A changed paper's title shows on its summaries' cards on profiles and
 * elsewhere: every page drops (none named), as for batches (more tags than a write may name).
 */
function newPaperTags(r: UpsertResult): string[] {
  if (r.updated > 0) return [];
  return [
    ...r.ids.map((id) => cacheTag.paper(id)),
    cacheTag.home,
    cacheTag.feeds,
    cacheTag.search,
    cacheTag.sitemap,
  ];
}

export async function upsertPaper(
  db: Kysely<Database>,
  record: PaperRecord,
): Promise<{ id: number; inserted: boolean; updated: boolean; conflicts: number }> {
  const r = await upsertPapers(db, [record]);
  return {
    id: r.ids[0] ?? 0,
    inserted: r.inserted > 0,
    updated: r.updated > 0,
    conflicts: r.conflicts,
  };
}

interface Venues {
  known: VenueCache;
  found: VenueCache;
}

async function storeBatch(
  db: Kysely<Database>,
  records: PaperRecord[],
  venues: Venues,
): Promise<UpsertResult> {
  const owners = await ownersOf(db, records);
  const stored = new Map<number, Slot>();
  for (const p of await findStoredPapers(db, [...new Set(owners.values())])) {
    stored.set(p.id, {
      id: p.id,
      stored: p,
      draft: fieldsOfStored(p),
      newIds: [],
      confirmed: false,
    });
  }
  const claimed = new Map<string, Slot>();
  const fresh: Slot[] = [];
  const slots: Slot[] = [];
  const touched = new Set<Slot>();
  let conflicts = 0;
  for (const record of records) {
    let slot: Slot | undefined;
    for (const id of record.identifiers) {
      const k = keyOf(id);
      const owner = claimed.get(k) ?? stored.get(owners.get(k) ?? -1);
      if (owner && slot && owner !== slot) conflicts++;
      slot ??= owner;
    }
    if (slot && isTyped(slot)) {
      // Details a person typed (or a moderator corrected) are not merged with a service's
      // record: it replaces them whole and the paper counts as confirmed from then on.
      slot.draft = fieldsOfRecord(record);
      slot.confirmed = true;
    } else if (slot) mergeRecord(slot.draft, record);
    else {
      slot = {
        id: null,
        stored: null,
        draft: fieldsOfRecord(record),
        newIds: [],
        confirmed: false,
      };
      fresh.push(slot);
    }
    for (const id of record.identifiers) {
      const k = keyOf(id);
      if (owners.has(k) || claimed.has(k)) continue;
      claimed.set(k, slot);
      slot.newIds.push(id);
    }
    slots.push(slot);
    touched.add(slot);
  }

  await resolveVenues(db, [...fresh, ...stored.values()], venues);
  const venueId = (s: Slot) => {
    const v = s.draft.venue;
    if (!v) return null;
    if (v.key === s.stored?.venue_key) return s.stored.venue_id;
    return venues.found.get(v.key) ?? venues.known.get(v.key) ?? null;
  };
  const toWrite = (s: Slot): PaperDetailsToWrite => {
    settleSection(s.draft);
    return { fields: s.draft, venueId: venueId(s) };
  };
  const now = nowIso();
  const newIds = await insertPapers(db, fresh.map(toWrite), now);
  fresh.forEach((s, i) => {
    s.id = newIds[i] ?? null;
  });
  let updated = 0;
  let unchanged = 0;
  // In paper order: two imports updating the same papers lock them in the same order.
  const inOrder = [...stored.entries()].sort(([a], [b]) => a - b);
  for (const [, s] of inOrder) {
    if (!touched.has(s)) continue;
    const paper = toWrite(s);
    const p = s.stored as StoredPaper;
    const changed = s.confirmed || !storedDetailsEqual(p, paper);
    if (changed) await updatePaper(db, p.id, paper, now, s.confirmed);
    if (changed || s.newIds.length > 0) updated++;
    else unchanged++;
  }
  const lost = await addIdentifiers(db, [...fresh, ...stored.values()]);
  conflicts += lost.conflicts;
  const inserted = fresh.length - lost.dropped;
  return { inserted, updated, unchanged, conflicts, ids: slots.map((s) => s.id ?? 0) };
}

function isTyped(slot: Slot): boolean {
  return slot.stored !== null && slot.stored.metadata_source !== "service" && !slot.confirmed;
}

/** Who owns each identifier of the batch, as "scheme\0value" → paper id: one query per scheme. */
async function ownersOf(
  db: Kysely<Database>,
  records: PaperRecord[],
): Promise<Map<string, number>> {
  const byScheme = new Map<string, Set<string>>();
  for (const r of records) {
    for (const id of r.identifiers) {
      const values = byScheme.get(id.scheme) ?? new Set<string>();
      byScheme.set(id.scheme, values);
      values.add(id.value);
    }
  }
  const owners = new Map<string, number>();
  for (const [scheme, values] of byScheme) {
    for (const [value, paperId] of await findIdentifierOwners(db, scheme, [...values])) {
      owners.set(keyOf({ scheme, value }), paperId);
    }
  }
  return owners;
}

async function resolveVenues(db: Kysely<Database>, slots: Slot[], venues: Venues) {
  const missing = new Map<string, { key: string; name: string }>();
  for (const s of slots) {
    const v = s.draft.venue;
    if (v && !venues.known.has(v.key) && v.key !== s.stored?.venue_key) missing.set(v.key, v);
  }
  for (const [k, id] of await ensureVenues(db, [...missing.values()])) venues.found.set(k, id);
}

/**
 * Adds the identifiers no paper had when the batch looked. One can still be taken meanwhile
 * by another writer; then it is a conflict, and a new paper that got none of its identifiers
 * is a duplicate of that writer's paper: it is removed and the record points to the other.
 */
async function addIdentifiers(db: Kysely<Database>, slots: Slot[]) {
  const rows = slots.flatMap((s) =>
    s.newIds.map((i) => ({ paperId: s.id ?? 0, scheme: i.scheme, value: i.value })),
  );
  const added = await addPaperIdentifiers(db, rows);
  if (added === rows.length) return { conflicts: 0, dropped: 0 };
  const owners = new Map<string, number>();
  for (const scheme of new Set(rows.map((r) => r.scheme))) {
    const values = rows.filter((r) => r.scheme === scheme).map((r) => r.value);
    for (const [v, id] of await findIdentifierOwners(db, scheme, values)) {
      owners.set(keyOf({ scheme, value: v }), id);
    }
  }
  let dropped = 0;
  for (const s of slots) {
    const others = s.newIds.map((i) => owners.get(keyOf(i))).filter((o) => o !== s.id);
    if (s.stored === null && others.length === s.newIds.length && s.id !== null && others[0]) {
      await deletePaper(db, s.id);
      s.id = others[0];
      dropped++;
    }
  }
  return { conflicts: rows.length - added, dropped };
}
