import type { Kysely } from "kysely";
import { cacheTag, EVERY_PAGE, MAX_TAGS_PER_WRITE } from "../core/cache-tags";
import type { Database } from "../db/schema";
import {
  type SummaryTagSource,
  summaryCacheTagSources,
  summaryCommenterIds,
} from "./summary-cache-tags.repo";

// The cache tags (core/cache-tags.ts) a write to summaries stamps. Read inside the write's
// transaction. Two rules besides "name what changed":
//
// - Anonymity: a summary's author's profile (user:A) is named only while the summary is listed
//   and signed, before or after the write. A profile shows only those summaries, and its
//   reputation counts only their votes; naming user:A for an anonymous one would drop the
//   author's profile on every vote or comment, and the miss that follows is a timing oracle
//   telling anyone who wrote it.
// - Unlisted: a private, hidden or deleted summary shows on its own page alone, so a write to
//   one that stays unlisted names only summary:S (naming its paper or the home page would
//   tell, by their misses, that a private summary of that paper was just written or voted on).

/** The pages listing "everything recent": any listed summary may show on them. */
const SITE_WIDE = [
  cacheTag.home,
  cacheTag.feeds,
  cacheTag.search,
  cacheTag.lists,
  cacheTag.sitemap,
];

/** Nothing shows a summary that did not exist: the "before" of a new one. */
function signedAndListed(s: SummaryTagSource | undefined): boolean {
  return s?.listed === true && !s.anonymous;
}

/** The tags of one summary whose state went from `before` to `after` (the same row). */
function tagsBetween(before: SummaryTagSource | undefined, after: SummaryTagSource): string[] {
  const tags = [cacheTag.summary(after.id)];
  if (before?.listed || after.listed) {
    tags.push(...SITE_WIDE, cacheTag.paper(after.paperId));
    if (after.venueId !== null) tags.push(cacheTag.venue(after.venueId));
  }
  if (signedAndListed(before) || signedAndListed(after)) tags.push(cacheTag.user(after.authorId));
  return tags;
}

/**
 * Tags for a write that leaves the summaries as visible as they were (a vote, a comment, a
 * rerender): their page, and where they are listed, their paper, venue, the site-wide lists and
 * (signed ones only) their author's profile, which shows their score and comment counts.
 */
export async function summaryCacheTags(
  db: Kysely<Database>,
  summaryIds: readonly number[],
): Promise<string[]> {
  const tags: string[] = [];
  for (const s of await summaryCacheTagSources(db, summaryIds)) tags.push(...tagsBetween(s, s));
  return tags;
}

/** A comment shows under its summary and, on a listed one, on its author's comments tab. */
export async function summaryCommentTags(
  db: Kysely<Database>,
  summaryId: number,
  commenterId: number,
): Promise<string[]> {
  const [s] = await summaryCacheTagSources(db, [summaryId]);
  if (!s) return [EVERY_PAGE];
  const tags = tagsBetween(s, s);
  if (s.listed) tags.push(cacheTag.user(commenterId));
  return tags;
}

/**
 * Tags for a write that may have changed the summaries' privacy or anonymity (a save, a
 * restored revision, a new summary: `before` lacks those), given their states read before it
 * in the same transaction (summary-cache-tags.repo.ts summaryCacheTagSources). A summary that became listed or unlisted also appears on, or leaves,
 * its commenters' comments tabs: each commenter is named, or every page past what one write
 * may name.
 */
export async function summaryChangeTags(
  db: Kysely<Database>,
  summaryIds: readonly number[],
  before: readonly SummaryTagSource[],
): Promise<string[]> {
  const was = new Map(before.map((s) => [s.id, s]));
  const tags: string[] = [];
  for (const after of await summaryCacheTagSources(db, summaryIds)) {
    const prior = was.get(after.id);
    tags.push(...tagsBetween(prior, after));
    if ((prior?.listed ?? false) === after.listed) continue;
    const commenters = await summaryCommenterIds(db, after.id, MAX_TAGS_PER_WRITE + 1);
    if (commenters.length > MAX_TAGS_PER_WRITE) return [EVERY_PAGE];
    tags.push(...commenters.map((id) => cacheTag.user(id)));
  }
  return tags;
}
