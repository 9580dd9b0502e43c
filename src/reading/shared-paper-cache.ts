// The logged-in paper page's shared part (core/viewer-parts.ts), kept per paper and reader
// class, in bytes, least recently used first out. Every request reads the current versions
// of the page's cache tags from the database (one indexed query) and uses the template only
// if they are the ones it was rendered under: a write is visible at once, to its author and
// to every other process, with no tracker to lag behind.

import type { Kysely } from "kysely";
import { EVERY_PAGE } from "../core/cache-tags";
import type { CurrentUser } from "../core/current-user";
import type { SharedTemplate } from "../core/viewer-parts";
import { readTagVersions } from "../db/content-version";
import type { Database } from "../db/schema";
import type { PaperViewer } from "./paper.view";

export interface SharedPaperEntry {
  paperId: number;
  summaryIds: readonly number[];
  /** The tags the page declares, as the anonymous page does (the same writes drop both). */
  tags: readonly string[];
  /** The version of each tag, and of EVERY_PAGE, when the template was rendered. */
  versions: ReadonlyMap<string, number>;
  template: SharedTemplate<PaperViewer>;
}

/**
 * What differs in the shared part between readers: their role (moderators get a form, admins
 * a Delete) and whether their address is confirmed (vote and comment forms, or the notice).
 */
export function viewerClass(user: CurrentUser): string {
  return `${user.role}:${user.emailVerified ? "confirmed" : "unconfirmed"}`;
}

export function sharedPaperKey(paperId: number, user: CurrentUser): string {
  return `${paperId}:${viewerClass(user)}`;
}

/** The tags to read for an entry: its own, and the one a write naming none stamps. */
export function versionedTags(tags: readonly string[]): string[] {
  return [...tags, EVERY_PAGE];
}

/** Whether no write has touched what the entry shows since it was rendered. */
export async function isCurrent(db: Kysely<Database>, entry: SharedPaperEntry): Promise<boolean> {
  const now = await readTagVersions(db, versionedTags(entry.tags));
  for (const [tag, version] of now) {
    if (entry.versions.get(tag) !== version) return false;
  }
  return true;
}

const KEY_OVERHEAD_BYTES = 256;

export class SharedPaperCache {
  readonly #entries = new Map<string, { entry: SharedPaperEntry; bytes: number }>();
  #total = 0;

  constructor(private readonly limits: { maxBytes: number; maxPageBytes: number }) {}

  get bytes(): number {
    return this.#total;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): SharedPaperEntry | undefined {
    const slot = this.#entries.get(key);
    if (!slot) return undefined;
    // A Map keeps insertion order: re-inserting makes the first key the least recently used.
    this.#entries.delete(key);
    this.#entries.set(key, slot);
    return slot.entry;
  }

  /** Keeps `entry` unless it is too large; drops the least recently used to make room. */
  set(key: string, entry: SharedPaperEntry): void {
    const bytes =
      entry.template.bytes +
      KEY_OVERHEAD_BYTES +
      key.length * 2 +
      (entry.tags.length + entry.summaryIds.length) * 32;
    this.delete(key);
    if (bytes > this.limits.maxPageBytes || bytes > this.limits.maxBytes) return;
    while (this.#total + bytes > this.limits.maxBytes) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.delete(oldest);
    }
    this.#entries.set(key, { entry, bytes });
    this.#total += bytes;
  }

  delete(key: string): void {
    const slot = this.#entries.get(key);
    if (!slot) return;
    this.#entries.delete(key);
    this.#total -= slot.bytes;
  }
}
