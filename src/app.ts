import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { apiPages } from "./api/api.pages";
import { authPages } from "./auth/auth.pages";
import { oidcPages } from "./auth/oidc.pages";
import { resolveSession } from "./auth/sessions.service";
import { commentPages } from "./comments/comments.pages";
import {
  DB_OUTAGE_LOG_INTERVAL_MS,
  PAGE_CACHE_MAX_PAGE_BYTES,
  PAGE_CACHE_REVALIDATE_MS,
  PAGE_CACHE_VERSION_READ_TIMEOUT_MS,
} from "./core/limits";
import { readContentVersion, readTagsSince } from "./db/content-version";
import { feedPages, searchFeedCacheQuery } from "./feeds/feeds.pages";
import { sitemapPages } from "./feeds/sitemap.pages";
import type { AppEnv, HttpDeps } from "./http/app-env";
import { loadAssets } from "./http/assets";
import { limitRequestBodies } from "./http/body-limit";
import { cacheHeaders } from "./http/cache-headers";
import { compressResponses } from "./http/compress-responses";
import { sessionCookieName } from "./http/cookies";
import { csrfProtection } from "./http/csrf";
import { errorHandler, handleNotFound } from "./http/errors";
import { createOutageLog } from "./http/outage-log";
import { createPageCache, type PageCache } from "./http/page-cache";
import { requestContext } from "./http/request-context";
import { sessionMiddleware } from "./http/session";
import { refuseUnreadableUrls } from "./http/url-guard";
import { readingListPages } from "./lists/reading-lists.pages";
import { moderationPages } from "./moderation/moderation.pages";
import { reportPages } from "./moderation/report.pages";
import {
  notificationPages,
  unreadCount,
  unsubscribePages,
} from "./notifications/notifications.pages";
import { createNotifier } from "./notifications/notifications.service";
import { addPaperPages } from "./papers/add-paper.pages";
import { citationPages } from "./papers/citations.pages";
import { createPageViewCounter, type PageViewCounter } from "./papers/page-view-counter";
import type { MetadataService } from "./papers/resolvers/metadata.service";
import { resolverConfig } from "./papers/resolvers/resolver-config";
import { venueCacheQuery, venuePages } from "./papers/venues.pages";
import { paperPages } from "./reading/paper.pages";
import { summaryPages } from "./reading/summary.pages";
import { createExternalSearch, type ExternalSearchDeps } from "./search/external-search.service";
import { searchCacheQuery, searchPages } from "./search/search.pages";
import { settingsPages } from "./settings/settings.pages";
import { sitePages } from "./site/site.pages";
import { writingHelpPages } from "./site/writing-help.pages";
import { homeCacheQuery, homePages } from "./summaries/home.pages";
import { historyCacheQuery } from "./summaries/summary-manage.pages";
import { summaryWritePages } from "./summaries/summary-write.pages";
import { communityPages, leaderboardCacheQuery } from "./users/community.pages";
import { exportPages } from "./users/export.pages";
import { profileCacheQuery, userPages } from "./users/users.pages";
import { votePages } from "./votes/votes.pages";

/** Everything the app runs on; routes see the HttpDeps part, a feature's own services go to its routes. */
export interface AppDeps extends HttpDeps {
  metadata: MetadataService;
  /** Title search of arXiv, Crossref and DBLP (default: made here from the config). */
  externalSearch?: ExternalSearchDeps;
}

export interface App {
  app: Hono<AppEnv>;
  /** The app behind the page cache for anonymous readers: what the server (and tests) call. */
  fetch: (req: Request, env?: unknown) => Response | Promise<Response>;
  pageViews: PageViewCounter;
  pageCache: PageCache;
  /** Stops background work (view counter) and flushes what it holds. */
  close(): Promise<void>;
}

export interface AppOptions {
  /** How often cached pages re-check the content version (tests use 0: every request). */
  pageCacheRevalidateMs?: number;
  /** How long the page cache waits for the content version before serving stale pages. */
  pageCacheVersionTimeoutMs?: number;
  /** The clock of the page cache, the outage log and the view counter's day (tests move it). */
  now?: () => number;
}

export function createApp(deps: AppDeps, options: AppOptions = {}): App {
  const app = new Hono<AppEnv>();
  const assets = loadAssets();
  const pageViews = createPageViewCounter(deps.db, { now: options.now });
  const https = deps.config.baseUrl.startsWith("https:");

  app.use(async (c, next) => {
    c.set("deps", deps);
    c.set("assets", assets.urls);
    c.set("pageViews", pageViews);
    c.set("user", null);
    await next();
  });
  app.use(requestContext());
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // KaTeX positions glyphs with inline style attributes.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "https:"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: "strict-origin-when-cross-origin",
      strictTransportSecurity: https ? "max-age=31536000; includeSubDomains" : false,
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use(refuseUnreadableUrls());
  app.use(limitRequestBodies());
  app.route("/", assets.routes);
  app.use(cacheHeaders(https));
  app.use(sessionMiddleware(https, resolveSession));
  app.use(unreadCount());
  // Before the CSRF check, on purpose: mail clients POST the one-click unsubscribe link
  // without our form token; its signed token is the proof (notifications.pages.tsx).
  app.route("/", unsubscribePages());
  // Before the CSRF check, on purpose: the API takes no cookie, only bearer tokens (api-auth.ts).
  app.route("/", apiPages(createNotifier({ baseUrl: deps.config.baseUrl })));
  app.use(csrfProtection(deps.config.baseUrl, https));
  app.route("/", sitePages());
  app.route("/", feedPages());
  app.route("/", sitemapPages());
  app.route("/", writingHelpPages());
  app.route("/", homePages());
  app.route("/", paperPages({ sharedCacheMaxBytes: deps.config.loggedInPageCacheMaxBytes }));
  app.route("/", addPaperPages(deps.metadata));
  // One per process: every search shares its politeness queue per host.
  app.route(
    "/",
    searchPages(deps.externalSearch ?? createExternalSearch(deps.db, resolverConfig(deps.config))),
  );
  app.route("/", citationPages());
  app.route("/", summaryPages());
  app.route("/", userPages());
  app.route("/", exportPages());
  app.route("/", readingListPages());
  app.route("/", communityPages());
  app.route("/", venuePages());
  app.route("/", authPages());
  app.route("/", oidcPages());
  app.route("/", settingsPages());
  app.route("/", summaryWritePages());
  // Comments and votes tell the notifications inside their own transactions.
  const notifier = createNotifier({ baseUrl: deps.config.baseUrl });
  app.route("/", commentPages(notifier.commentAdded));
  app.route("/", votePages(notifier.voteCast));
  app.route("/", notificationPages());
  app.route("/", reportPages());
  app.route("/", moderationPages());
  // Read late, so a test that moves Date moves the page cache's clock with the pages' own.
  const now = options.now ?? (() => Date.now());
  const outage = createOutageLog(deps.logger, DB_OUTAGE_LOG_INTERVAL_MS, now);
  app.onError(errorHandler(outage));
  app.notFound(handleNotFound);

  const pageCache = createPageCache({
    queries: [
      homeCacheQuery,
      venueCacheQuery,
      profileCacheQuery,
      leaderboardCacheQuery,
      historyCacheQuery,
      searchCacheQuery,
      searchFeedCacheQuery,
    ],
    readVersion: () => readContentVersion(deps.db),
    readTagsSince: (version, limit) => readTagsSince(deps.db, version, limit),
    revalidateMs: options.pageCacheRevalidateMs ?? PAGE_CACHE_REVALIDATE_MS,
    versionTimeoutMs: options.pageCacheVersionTimeoutMs ?? PAGE_CACHE_VERSION_READ_TIMEOUT_MS,
    maxBytes: deps.config.pageCacheMaxBytes,
    // One page never takes more than an eighth of the cache, or it would empty it for itself.
    maxPageBytes: Math.min(
      PAGE_CACHE_MAX_PAGE_BYTES,
      Math.floor(deps.config.pageCacheMaxBytes / 8),
    ),
    pageViews,
    trustProxy: deps.config.trustProxy,
    sessionCookieNames: [sessionCookieName(https)],
    outage,
    now,
  });
  return {
    app,
    // Outermost: compresses what the page cache didn't (it stores its pages compressed).
    fetch: compressResponses(pageCache.wrap(app.fetch)),
    pageViews,
    pageCache,
    close: () => pageViews.stop(),
  };
}
