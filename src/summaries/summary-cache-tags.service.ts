import type { Kysely } from "kysely";
import { cacheTag } from "../core/cache-tags";
import type { Database } from "../db/schema";
import { summaryCacheTagSources } from "./summary-cache-tags.repo";

/**
 * The cache tags (core/cache-tags.ts) of everything a change to these summaries (their text,
 * score, visibility or comments) shows on: the summary's page, its paper's page, its author's
 * profile (summaries, reputation), the paper's venue, and the site-wide lists (home tabs,
 * feeds, search results, reading lists, the sitemap). Read inside the write's transaction.
 */
export async function summaryCacheTags(
  db: Kysely<Database>,
  summaryIds: readonly number[],
): Promise<string[]> {
  const tags: string[] = [
    cacheTag.home,
    cacheTag.feeds,
    cacheTag.search,
    cacheTag.lists,
    cacheTag.sitemap,
  ];
  for (const s of await summaryCacheTagSources(db, summaryIds)) {
    tags.push(cacheTag.summary(s.id), cacheTag.paper(s.paperId), cacheTag.user(s.authorId));
    if (s.venueId !== null) tags.push(cacheTag.venue(s.venueId));
  }
  return tags;
}
