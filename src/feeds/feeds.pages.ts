// GET routes of every feed. Newer feeds live under /feeds/{rss|atom}/…, beside the page they
// follow: /feeds/rss/latest, /feeds/atom/paper/arxiv/1707.04585, /feeds/rss/user/alice,
// /feeds/atom/venue/nips, /feeds/rss/search?q=…. The original's /rss.xml, /rss-all.xml and
// /rss-full.xml keep their addresses and format. Only the search feed reads the query: its
// parameters are declared for the page cache's key (searchFeedCacheQuery), as /search's are.

import { Hono } from "hono";
import { invalid } from "../core/errors";
import { FEED_READ_BATCH } from "../core/limits";
import type { AppEnv } from "../http/app-env";
import type { CachedQuery } from "../http/page-cache-keys";
import { ipOf } from "../http/route-helpers";
import { searchLocal } from "../search/search.service";
import { readSearchParams, searchCacheParams } from "../search/search-params";
import { ATOM_TYPE, RSS_TYPE, renderAtom, renderRss, streamRss } from "./feed-format";
import { sendFeed, sendStreamedFeed } from "./feed-response";
import {
  type Feed,
  type FeedFormat,
  feedItemsForSummaries,
  type LegacyKind,
  latestFeed,
  legacyChannel,
  legacyFeed,
  legacyFeedTag,
  legacyItemBatches,
  paperFeed,
  userFeed,
  venueFeed,
} from "./feeds.service";

/** Writes a feed in the format its URL asked for. Search can call this with its own Feed. */
export function feedResponse(c: Parameters<typeof sendFeed>[0], feed: Feed, format: FeedFormat) {
  return format === "atom"
    ? sendFeed(c, renderAtom(feed.channel, feed.items), ATOM_TYPE)
    : sendFeed(c, renderRss(feed.channel, feed.items, { fullHtml: true }), RSS_TYPE);
}

const STREAMED: readonly LegacyKind[] = ["rss-all", "rss-full"];

export interface FeedPagesOptions {
  /** Rows per query while rss-all.xml / rss-full.xml stream (tests set a few). */
  legacyBatchSize?: number;
}

/** What a search feed reads from the query, for the page cache's key (the same as /search). */
export const searchFeedCacheQuery: CachedQuery = {
  path: /^\/feeds\/(?:rss|atom)\/search$/,
  params: searchCacheParams,
};

export function feedPages(opts: FeedPagesOptions = {}) {
  const batchSize = opts.legacyBatchSize ?? FEED_READ_BATCH;
  const app = new Hono<AppEnv>();

  app.get("/feeds/:format{rss|atom}/latest", async (c) => {
    const format = c.req.param("format") as FeedFormat;
    const { db, config } = c.get("deps");
    return feedResponse(c, await latestFeed(db, config.baseUrl, format), format);
  });

  app.get("/feeds/:format{rss|atom}/paper/:scheme/:value{.+}", async (c) => {
    const format = c.req.param("format") as FeedFormat;
    const { db, config } = c.get("deps");
    const feed = await paperFeed(
      db,
      config.baseUrl,
      format,
      c.req.param("scheme"),
      c.req.param("value"),
    );
    return feedResponse(c, feed, format);
  });

  app.get("/feeds/:format{rss|atom}/user/:username", async (c) => {
    const format = c.req.param("format") as FeedFormat;
    const { db, config } = c.get("deps");
    const feed = await userFeed(db, config.baseUrl, format, c.req.param("username"));
    return feedResponse(c, feed, format);
  });

  // The summaries matching a search, best first (its first page): follow a topic.
  app.get("/feeds/:format{rss|atom}/search", async (c) => {
    const format = c.req.param("format") as FeedFormat;
    const { db, config } = c.get("deps");
    const params = readSearchParams((name) => c.req.query(name));
    if (params.q === "") throw invalid("Which search? A search feed's address needs ?q=words.");
    const results = await searchLocal(
      db,
      { ...params, kind: "summaries", page: 1 },
      { client: ipOf(c), signal: c.req.raw.signal },
    );
    const ids = results.summaryHits.map((h) => h.id);
    const query = new URL(c.req.url).search;
    const feed: Feed = {
      channel: {
        title: `ShortScience: summaries matching “${params.q}”`,
        description: `Summaries on ShortScience that match the search “${params.q}”.`,
        pageUrl: `${config.baseUrl}/search${query}`,
        selfUrl: `${config.baseUrl}/feeds/${format}/search${query}`,
      },
      items: await feedItemsForSummaries(db, config.baseUrl, ids),
    };
    return feedResponse(c, feed, format);
  });

  app.get("/feeds/:format{rss|atom}/venue/:key", async (c) => {
    const format = c.req.param("format") as FeedFormat;
    const { db, config } = c.get("deps");
    const feed = await venueFeed(db, config.baseUrl, format, c.req.param("key"));
    return feedResponse(c, feed, format);
  });

  // The original's namespace URI was its own base URL; readers key on the `shortscience`
  // prefix (the bot reads `shortscience_arxivid`).
  app.get("/rss.xml", async (c) => {
    const { db, config } = c.get("deps");
    const feed = await legacyFeed(db, config.baseUrl);
    const opts = { legacyNamespace: config.baseUrl, fullHtml: false };
    return sendFeed(c, renderRss(feed.channel, feed.items, opts), RSS_TYPE);
  });

  // Every legacy item: streamed batch by batch, never built whole (sendStreamedFeed says what
  // that means for ETag, Last-Modified and the page cache).
  for (const kind of STREAMED) {
    app.get(`/${kind}.xml`, async (c) => {
      const { db, config } = c.get("deps");
      const opts = { legacyNamespace: config.baseUrl, fullHtml: kind === "rss-full" };
      const pieces = () =>
        streamRss(
          legacyChannel(config.baseUrl, kind),
          legacyItemBatches(db, config.baseUrl, kind, batchSize),
          opts,
        );
      return sendStreamedFeed(c, await legacyFeedTag(db, kind), pieces, RSS_TYPE);
    });
  }
  return app;
}
