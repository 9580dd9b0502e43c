import { requestClientIp } from "./client-ip";
import type { OutageLog } from "./outage-log";
import { stripInternalHeaders } from "./page-cache-headers";
import { type CachedQuery, type PageCacheKey, pageCacheKey } from "./page-cache-keys";
import { type CachedPage, PageStore, type PageStoreLimits } from "./page-cache-store";
import { createVersionTracker, type RenderTicket, type VersionSource } from "./page-cache-tags";
import { answerFromPage, toCachedPage } from "./page-representations";

/** Where the cache reports a paper page it served, so a cached hit still counts as a view. */
export interface PageViewSink {
  record(paperId: number, client: string): void;
}

export { VIEW_HEADER } from "./page-cache-headers";

/**
 * Anonymous readers are most of the traffic. Their pages are kept as encoded bytes with all
 * their final headers and an ETag, and a hit is answered before the framework runs at all:
 * the UTF-8 encoding and the middleware chain are the cost, not the queries.
 *
 * Coherence: every write bumps the database's content version and stamps the cache tags it
 * changed; learning of a newer version drops the pages carrying those tags (page-cache-tags.ts).
 * A page is stored with the version read *before* it was rendered, and only if none of its
 * tags was stamped since. So a slow render of old data can never replace, or outlive, a page
 * rendered after the write. Hits re-read the version at
 * most once per `revalidateMs`, so anonymous readers see a write within that window; a miss
 * reads it every time (it queries anyway), which is what keeps slow renders out. A page that
 * changes with time alone says until when it is current (declareCurrentUntil): after that a
 * hit counts as a miss.
 *
 * When the version can't be read (database down), the pages already here are served as they
 * are (stale-if-error) and misses go to the app, which answers 503. A read that gets no answer
 * within `versionTimeoutMs` counts as failed: a database that hangs instead of refusing (a
 * network dropping packets) must not hold every anonymous reader, hits included.
 */
export interface PageCacheOptions extends PageStoreLimits, VersionSource {
  pageViews: PageViewSink;
  /** TRUST_PROXY: a hit's view counts once per client, found as the pages find it. */
  trustProxy: number;
  /** The query parameters each cacheable page reads (see page-cache-keys.ts). */
  queries: readonly CachedQuery[];
  /** Requests carrying this cookie (a session) are never cached nor served from cache. */
  sessionCookieNames: string[];
  outage: OutageLog;
  now?: () => number;
}

type Fetch = (req: Request, env?: unknown) => Response | Promise<Response>;

export interface PageCache {
  wrap(inner: Fetch): Fetch;
  clear(): void;
  /** For tests and monitoring: what is held, and cacheable requests answered from it or not. */
  stats(): { entries: number; bytes: number; version: number; hits: number; misses: number };
}

export function createPageCache(opts: PageCacheOptions): PageCache {
  const now = opts.now ?? Date.now;
  const store = new PageStore(opts);
  const sessionMarkers = opts.sessionCookieNames.map((n) => `${n}=`);
  const version = createVersionTracker(opts, store, now);
  let hits = 0;
  let misses = 0;

  const cacheable = (req: Request) => {
    if (req.method !== "GET") return false;
    const cookie = req.headers.get("cookie");
    return !cookie || !sessionMarkers.some((m) => cookie.includes(m));
  };

  // A page that said until when it is current (a profile's reputation moves with time alone,
  // no write stamps it) is not answered from after that moment: it renders again.
  const current = (page: CachedPage) => page.currentUntil === null || now() < page.currentUntil;

  // By Accept-Encoding, with the ETag of that representation (page-representations.ts).
  const respond = (page: CachedPage, req: Request): Response => answerFromPage(page, req);

  // The page itself counts the view on a miss; a hit never reaches it. No Hono context here:
  // the client comes from the node server's env (its socket) and X-Forwarded-For.
  const serveHit = (page: CachedPage, req: Request, env: unknown): Response => {
    if (page.viewPaperId !== null) {
      opts.pageViews.record(page.viewPaperId, requestClientIp(req, env, opts.trustProxy));
    }
    return respond(page, req);
  };

  const renderAndStore = async (
    req: Request,
    env: unknown,
    key: PageCacheKey,
    inner: Fetch,
  ): Promise<Response> => {
    const ticket = key.storable ? await version.beginRender() : null;
    // A render that ended during our version read may have stored the page: current, as a hit.
    const ready = ticket ? store.get(key.key) : undefined;
    if (ready && current(ready)) {
      version.endRender(ticket);
      hits++;
      return serveHit(ready, req, env);
    }
    const joined = ticket ? rendering.get(key.key) : undefined;
    const land = ticket && !joined ? startFlight(key.key, ticket) : null;
    let stored: CachedPage | null = null;
    try {
      // Nothing newer known than when that render began: its page, if stored, is current.
      if (joined && version.isCurrent(joined.ticket)) {
        const page = await joined.page;
        if (page && current(page)) {
          hits++;
          return serveHit(page, req, env);
        }
      }
      misses++;
      const res = await inner(req, env);
      if (ticket === null || !isStorable(res)) return stripInternalHeaders(res);
      const page = await toPage(res, ticket.version);
      // A write to what this page shows landed while it rendered: it may hold old data.
      if (current(page) && version.mayStore(ticket, page.tags) && store.set(key.key, page)) {
        stored = page;
      }
      return respond(page, req);
    } finally {
      version.endRender(ticket);
      land?.(stored);
    }
  };

  /**
   * Misses of one page that arrive while it renders wait for that render instead of starting
   * their own (when a write drops the home page, 64 readers must not render it 64 times). A
   * waiter has read the version first, and joins only a render begun under the newest version
   * it knows; it gets the page only if that was stored (no stamp of its tags since: as current
   * as a hit), else it renders its own. A render held up never holds readers after a write.
   */
  const rendering = new Map<string, { ticket: RenderTicket; page: Promise<CachedPage | null> }>();
  const startFlight = (key: string, ticket: RenderTicket) => {
    let land: (page: CachedPage | null) => void = () => {};
    const page = new Promise<CachedPage | null>((resolve) => {
      land = resolve;
    });
    rendering.set(key, { ticket, page });
    return (stored: CachedPage | null) => {
      rendering.delete(key);
      land(stored);
    };
  };

  return {
    wrap(inner) {
      return async (req, env) => {
        if (!cacheable(req)) return stripInternalHeaders(await inner(req, env));
        await version.revalidate();
        const key = pageCacheKey(new URL(req.url), opts.queries);
        // Invalidation removes stale pages from the store: whatever is there is current.
        const hit = store.get(key.key);
        if (hit && current(hit)) {
          hits++;
          return serveHit(hit, req, env);
        }
        if (hit) store.delete(key.key);
        return renderAndStore(req, env, key, inner);
      };
    },
    clear: () => store.clear(),
    stats: () => ({
      entries: store.size,
      bytes: store.bytes,
      version: version.current(),
      hits,
      misses,
    }),
  };
}

/** Pages and feeds (feeds/): what anonymous readers fetch again and again. */
const STORED_TYPES = /^(?:text\/html|application\/rss\+xml|application\/atom\+xml)(?:;|$)/;

function isStorable(res: Response): boolean {
  return (
    res.status === 200 &&
    STORED_TYPES.test(res.headers.get("content-type") ?? "") &&
    !res.headers.has("set-cookie") &&
    // Already coded by its route: compressing it again would be wrong, not just slower.
    !res.headers.has("content-encoding") &&
    !/no-store|private/.test(res.headers.get("cache-control") ?? "")
  );
}

/** Identity bytes and their brotli and gzip forms, compressed once (page-representations.ts). */
function toPage(res: Response, version: number): Promise<CachedPage> {
  return toCachedPage(res, version);
}
