/**
 * Cache tags name what a cached page shows, so a write can drop only the pages that show what
 * it changed (issue 12). A page declares its tags (http/page-cache-tags.ts); a write names
 * the tags it changes (db/content-version.ts writeVisible). Both sides build them here, so a
 * typo can't make a page and the writes to it disagree.
 *
 * When in doubt a write names more, never fewer: a missing tag is a stale page, an extra one
 * only a miss. A write that names none, and a page that declares none, count as "everything".
 */

/** Stamped by a write that declared no tags (or too many): every cached page is dropped. */
export const EVERY_PAGE = "*";

export const cacheTag = {
  paper: (id: number) => `paper:${id}`,
  summary: (id: number) => `summary:${id}`,
  /** A person's profile pages, and every page printing their name or their reputation. */
  user: (id: number) => `user:${id}`,
  venue: (id: number) => `venue:${id}`,
  /** Home tabs, latest lists, leaderboards, random: the pages listing "everything recent". */
  home: "home",
  /** RSS/Atom feeds. */
  feeds: "feeds",
  /** Reading list pages (public lists and their feeds). */
  lists: "lists",
  search: "search",
  /** Pages listing accounts (the community page, leaderboards): a new account shows there. */
  people: "people",
  sitemap: "sitemap",
} as const;

/** Tags are single words: the header carrying them separates them with spaces. */
const TAG_SHAPE = /^[a-z]+(?::\d+)?$|^\*$/;

export function isCacheTag(tag: string): boolean {
  return TAG_SHAPE.test(tag);
}

/** A write or page naming more tags than this is treated as naming everything. */
export const MAX_TAGS_PER_WRITE = 64;
