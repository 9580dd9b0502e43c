import { createHash } from "node:crypto";
import { requestClientIp } from "./client-ip";
import type { OutageLog } from "./outage-log";
import { stripInternalHeaders, VIEW_HEADER } from "./page-cache-headers";
import { type CachedQuery, type PageCacheKey, pageCacheKey } from "./page-cache-keys";
import { type CachedPage, PageStore, type PageStoreLimits } from "./page-cache-store";

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
 * Coherence: every write bumps the database's content version. A page is stored with the
 * version read *before* it was rendered, and only while that is still the newest version this
 * process knows; learning of a newer one drops every older page. So a slow render of old data
 * can never replace, or outlive, a page rendered after the write. Hits re-read the version at
 * most once per `revalidateMs`, so anonymous readers see a write within that window; a miss
 * reads it every time (it queries anyway), which is what keeps slow renders out.
 *
 * When the version can't be read (database down), the pages already here are served as they
 * are (stale-if-error) and misses go to the app, which answers 503. A read that gets no answer
 * within `versionTimeoutMs` counts as failed: a database that hangs instead of refusing (a
 * network dropping packets) must not hold every anonymous reader, hits included.
 */
export interface PageCacheOptions extends PageStoreLimits {
  readVersion: () => Promise<number>;
  revalidateMs: number;
  versionTimeoutMs: number;
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
  /** For tests and monitoring: what is held. */
  stats(): { entries: number; bytes: number; version: number };
}

export function createPageCache(opts: PageCacheOptions): PageCache {
  const now = opts.now ?? Date.now;
  const store = new PageStore(opts);
  const sessionMarkers = opts.sessionCookieNames.map((n) => `${n}=`);
  const version = createVersionTracker(opts, store, now);

  const cacheable = (req: Request) => {
    if (req.method !== "GET") return false;
    const cookie = req.headers.get("cookie");
    return !cookie || !sessionMarkers.some((m) => cookie.includes(m));
  };

  const respond = (page: CachedPage, req: Request): Response =>
    notModified(page, req)
      ? new Response(null, { status: 304, headers: page.headers })
      : new Response(page.body, { status: 200, headers: page.headers });

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
    const renderedUnder = key.storable ? await version.readForRender() : null;
    const res = await inner(req, env);
    if (renderedUnder === null || !isStorable(res)) return stripInternalHeaders(res);
    const page = await toPage(res, renderedUnder);
    // A write landed while this page rendered: it may hold old data, so it isn't kept.
    if (version.current() === renderedUnder) store.set(key.key, page);
    return respond(page, req);
  };

  return {
    wrap(inner) {
      return async (req, env) => {
        if (!cacheable(req)) return stripInternalHeaders(await inner(req, env));
        await version.revalidate();
        const key = pageCacheKey(new URL(req.url), opts.queries);
        const hit = store.get(key.key);
        if (hit && hit.version === version.current()) return serveHit(hit, req, env);
        return renderAndStore(req, env, key, inner);
      };
    },
    clear: () => store.clear(),
    stats: () => ({ entries: store.size, bytes: store.bytes, version: version.current() }),
  };
}

/** Pages and feeds (feeds/): what anonymous readers fetch again and again. */
const STORED_TYPES = /^(?:text\/html|application\/rss\+xml|application\/atom\+xml)(?:;|$)/;

/**
 * If-None-Match decides when sent; If-Modified-Since only without it (RFC 9110 §13.2.2), and
 * only for responses that said Last-Modified (feeds: their newest item's time).
 */
function notModified(page: CachedPage, req: Request): boolean {
  const inm = req.headers.get("if-none-match");
  if (inm !== null) return inm === page.etag;
  const ims = req.headers.get("if-modified-since");
  const lastModified = page.headers["last-modified"];
  if (!ims || !lastModified) return false;
  const since = Date.parse(ims);
  return Number.isFinite(since) && Date.parse(lastModified) <= since;
}

function isStorable(res: Response): boolean {
  return (
    res.status === 200 &&
    STORED_TYPES.test(res.headers.get("content-type") ?? "") &&
    !res.headers.has("set-cookie") &&
    !/no-store|private/.test(res.headers.get("cache-control") ?? "")
  );
}

async function toPage(res: Response, version: number): Promise<CachedPage> {
  const body = new Uint8Array(await res.arrayBuffer());
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (name !== VIEW_HEADER && name !== "content-length") headers[name] = value;
  });
  const etag = `"${createHash("sha1").update(body).digest("base64url")}"`;
  headers.etag = etag;
  headers["cache-control"] = "public, no-cache";
  headers.vary = "Cookie";
  const viewed = res.headers.get(VIEW_HEADER);
  return { body, headers, etag, viewPaperId: viewed ? Number(viewed) : null, version };
}

/**
 * The newest content version this process has seen. Reads can overlap and finish out of order,
 * so an older number never replaces a newer one, unless the read began after the newer one was
 * learnt (the database really went back: a restore), which then drops every page.
 */
function createVersionTracker(opts: PageCacheOptions, store: PageStore, now: () => number) {
  let known = -1;
  let learntAtSeq = 0;
  let seq = 0;
  let checkedAt = Number.NEGATIVE_INFINITY;
  let failedAt = Number.NEGATIVE_INFINITY;
  let checking: Promise<void> | null = null;

  const read = async (): Promise<number> => {
    const startedSeq = ++seq;
    const startedAt = now();
    const v = await withTimeout(opts.readVersion(), opts.versionTimeoutMs);
    const doneSeq = ++seq;
    if (v > known || (v < known && startedSeq > learntAtSeq)) {
      known = v;
      learntAtSeq = doneSeq;
      store.keepOnly(v);
    }
    checkedAt = Math.max(checkedAt, startedAt);
    failedAt = Number.NEGATIVE_INFINITY;
    opts.outage.recovered();
    return v;
  };

  const failed = (error: unknown) => {
    // Checked, even though it failed: one attempt per window, not one per request.
    checkedAt = failedAt = now();
    opts.outage.failure(error, { during: "page cache version check" });
  };

  const downRecently = () => now() - failedAt < opts.revalidateMs;

  return {
    current: () => known,
    /** At most once per window; a failure keeps the pages (they are served stale). */
    revalidate(): Promise<void> {
      if (now() - checkedAt < opts.revalidateMs) return Promise.resolve();
      checking ??= read()
        .then(
          () => undefined,
          (error: unknown) => failed(error),
        )
        .finally(() => {
          checking = null;
        });
      return checking;
    },
    /**
     * The version a page about to render is stored under, or null when there is none to trust
     * (database down: the page renders its own 503, which is never stored).
     */
    async readForRender(): Promise<number | null> {
      if (downRecently()) return null;
      try {
        return await read();
      } catch (error) {
        failed(error);
        return null;
      }
    },
  };
}

/** The read itself goes on (the pool's query timeout ends it); only this wait is bounded. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          Object.assign(new Error(`the content version took more than ${ms} ms to read`), {
            code: "ETIMEDOUT",
          }),
        ),
      ms,
    );
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}
