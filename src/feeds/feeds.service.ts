// Feeds as data: a channel and its items, for feeds.pages.ts to write as RSS or Atom.
// Every list here comes from listed summaries only (db/listed.ts), and an anonymous
// summary's author is dropped here, before any template sees the row.

import type { Kysely } from "kysely";
import { notFound } from "../core/errors";
import {
  FEED_LATEST_ITEMS,
  FEED_LEGACY_RECENT_ITEMS,
  FEED_READ_BATCH,
  FEED_SCOPED_ITEMS,
} from "../core/limits";
import { readContentVersion } from "../db/content-version";
import type { Database } from "../db/schema";
import { canonicalPaperPath } from "../papers/paper-paths";
import { getPaper, resolvePaperPath } from "../papers/papers.service";
import type { FeedChannel, FeedItem } from "./feed-format";
import {
  type FeedRow,
  type FeedScope,
  findUserForFeed,
  findVenueForFeed,
  type LegacyCursor,
  listIdentifiers,
  listLegacyRows,
  listRowsByIds,
  listScopeRows,
  newestLegacyRow,
} from "./feeds.repo";
import { legacyKeys } from "./legacy-keys";
import { legacyExcerpt, withoutUrls } from "./legacy-text";
import { absoluteUrl } from "./xml";

export interface Feed {
  channel: FeedChannel;
  items: FeedItem[];
}

/** "rss-all" and "rss-full" hold every legacy item; "rss" the newest 100. */
export type LegacyKind = "rss" | "rss-all" | "rss-full";

const SITE = "ShortScience";

/**
 * Rows → feed items, in the rows' order. Exported for other lists of summaries (search):
 * `feedItemsForSummaries(db, baseUrl, ids)` below does the reading too.
 */
export async function toFeedItems(
  db: Kysely<Database>,
  baseUrl: string,
  rows: readonly FeedRow[],
  legacy: LegacyKind | null = null,
): Promise<FeedItem[]> {
  const ids = await listIdentifiers(
    db,
    rows.map((r) => r.paper_id),
  );
  const byPaper = new Map<number, { scheme: string; value: string }[]>();
  for (const i of ids) byPaper.set(i.paper_id, [...(byPaper.get(i.paper_id) ?? []), i]);
  return rows.map((r) => {
    const paperIds = byPaper.get(r.paper_id) ?? [];
    const anonymous = r.is_anonymous === 1;
    const excerpt = legacyExcerpt(r.source);
    const item: FeedItem = {
      summaryId: r.id,
      url: absoluteUrl(baseUrl, `/summary/${r.id}`),
      paperTitle: r.paper_title,
      paperUrl: absoluteUrl(baseUrl, canonicalPaperPath(r.paper_id, paperIds)),
      // The original: "Anonymous", else the display name, else the username.
      author: anonymous ? null : r.author_display_name || r.author_username,
      authorUrl: anonymous
        ? null
        : absoluteUrl(baseUrl, `/user/${encodeURIComponent(r.author_username)}`),
      score: r.score,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      excerpt,
      html: r.html,
    };
    if (legacy) {
      const description = legacy === "rss-full" ? withoutUrls(r.source) : excerpt;
      item.legacy = { ...legacyKeys(paperIds), description };
    }
    return item;
  });
}

/** Listed summaries by id, in the given order (a search's ranking); unlisted ids are skipped. */
export async function feedItemsForSummaries(
  db: Kysely<Database>,
  baseUrl: string,
  summaryIds: readonly number[],
): Promise<FeedItem[]> {
  const rows = await listRowsByIds(db, summaryIds);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const ordered = summaryIds.flatMap((id) => byId.get(id) ?? []);
  return toFeedItems(db, baseUrl, ordered);
}

async function scopeFeed(
  db: Kysely<Database>,
  baseUrl: string,
  scope: FeedScope,
  limit: number,
  channel: Omit<FeedChannel, "pageUrl" | "selfUrl"> & { page: string; self: string },
): Promise<Feed> {
  const rows = await listScopeRows(db, scope, limit);
  return {
    channel: {
      title: channel.title,
      description: channel.description,
      pageUrl: absoluteUrl(baseUrl, channel.page),
      selfUrl: absoluteUrl(baseUrl, channel.self),
    },
    items: await toFeedItems(db, baseUrl, rows),
  };
}

export type FeedFormat = "rss" | "atom";

export function latestFeed(db: Kysely<Database>, baseUrl: string, format: FeedFormat) {
  return scopeFeed(db, baseUrl, { kind: "latest" }, FEED_LATEST_ITEMS, {
    title: `${SITE}: latest summaries`,
    description: "The newest summaries of research papers on ShortScience.",
    page: "/recent",
    self: `/feeds/${format}/latest`,
  });
}

export async function paperFeed(
  db: Kysely<Database>,
  baseUrl: string,
  format: FeedFormat,
  scheme: string,
  value: string,
): Promise<Feed> {
  const found = await resolvePaperPath(db, scheme, value);
  if (!found) throw notFound("That paper");
  const { title } = await getPaper(db, found.paperId);
  return scopeFeed(db, baseUrl, { kind: "paper", paperId: found.paperId }, FEED_SCOPED_ITEMS, {
    title: `${SITE}: summaries of “${title}”`,
    description: `Summaries of “${title}”, newest first.`,
    page: found.canonicalPath,
    self: `/feeds/${format}${found.canonicalPath}`,
  });
}

export async function userFeed(
  db: Kysely<Database>,
  baseUrl: string,
  format: FeedFormat,
  username: string,
): Promise<Feed> {
  const user = await findUserForFeed(db, username.toLowerCase());
  if (!user) throw notFound("That user");
  const name = user.display_name || user.username;
  const path = `/user/${encodeURIComponent(user.username)}`;
  return scopeFeed(db, baseUrl, { kind: "user", userId: user.id }, FEED_SCOPED_ITEMS, {
    title: `${SITE}: summaries by ${name}`,
    description: `Summaries written by ${name}, newest first.`,
    page: path,
    self: `/feeds/${format}${path}`,
  });
}

export async function venueFeed(
  db: Kysely<Database>,
  baseUrl: string,
  format: FeedFormat,
  key: string,
): Promise<Feed> {
  const venue = await findVenueForFeed(db, key);
  if (!venue) throw notFound("That venue");
  const path = `/venue/${encodeURIComponent(venue.key)}`;
  return scopeFeed(db, baseUrl, { kind: "venue", venueId: venue.id }, FEED_SCOPED_ITEMS, {
    title: `${SITE}: summaries of ${venue.name} papers`,
    description: `Summaries of papers published at ${venue.name}, newest first.`,
    page: path,
    self: `/feeds/${format}${path}`,
  });
}

/**
 * The original's feeds (original-schema.md, "RSS"): listed summaries with score > 1, newest
 * save first. rss.xml: the newest 100 of them (the original took 100 rows, then skipped low
 * scores, so it often showed fewer; a reader of the newest items loses nothing by this).
 * rss-all.xml and rss-full.xml hold all of them: they are streamed (legacyItemBatches), never
 * gathered here.
 */
export async function legacyFeed(db: Kysely<Database>, baseUrl: string): Promise<Feed> {
  const items: FeedItem[] = [];
  const batches = legacyItemBatches(db, baseUrl, "rss", FEED_READ_BATCH, FEED_LEGACY_RECENT_ITEMS);
  for await (const batch of batches) items.push(...batch);
  return { channel: legacyChannel(baseUrl, "rss"), items };
}

export function legacyChannel(baseUrl: string, kind: LegacyKind): FeedChannel {
  return {
    // The original's channel title, kept for readers that show it.
    title: "ShortScience.org Latest Summaries",
    description: "ShortScience.org Latest Summaries",
    pageUrl: absoluteUrl(baseUrl, "/"),
    selfUrl: absoluteUrl(baseUrl, `/${kind}.xml`),
  };
}

/**
 * A legacy feed's items, newest save first, one keyset batch of `batchSize` rows per step: the
 * next batch is read only when the caller asks for it, so a streamed feed holds one batch.
 */
export async function* legacyItemBatches(
  db: Kysely<Database>,
  baseUrl: string,
  kind: LegacyKind,
  batchSize: number,
  cap = Number.POSITIVE_INFINITY,
): AsyncGenerator<FeedItem[]> {
  let after: LegacyCursor | null = null;
  let left = cap;
  while (left > 0) {
    const batch = Math.min(batchSize, left);
    const rows = await listLegacyRows(db, after, batch);
    yield await toFeedItems(db, baseUrl, rows, kind);
    const last = rows.at(-1);
    if (!last || rows.length < batch) break;
    left -= rows.length;
    after = { updatedAt: last.updated_at, id: last.id };
  }
}

/**
 * The validator of a streamed legacy feed, known before any item is read: the content version
 * (every write a feed shows moves it, db/content-version.ts) and the newest item's save and id
 * (a restored database can reuse a version number, rarely with the same newest item too). It
 * is read before the items, so a write during the stream makes the next request's tag differ.
 */
export async function legacyFeedTag(db: Kysely<Database>, kind: LegacyKind): Promise<string> {
  const version = await readContentVersion(db);
  const newest = await newestLegacyRow(db);
  const saved = newest ? Date.parse(newest.updated_at).toString(36) : "0";
  return `${kind}-${version}-${newest?.id ?? 0}-${saved}`;
}
