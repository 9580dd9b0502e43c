import { createHash } from "node:crypto";
import type { ViewCounter } from "./view-counter";

/**
 * Anonymous readers are most of the traffic. Their pages are kept as encoded bytes with all
 * their final headers and an ETag, and a hit is answered before the framework runs at all:
 * the UTF-8 encoding and the middleware chain are the cost, not the queries.
 *
 * Every write bumps the database's content version; each process re-reads it at most once
 * per `revalidateMs` and drops its pages when it moved, so app processes sharing a database
 * never serve a stale page for longer than that.
 */
export interface PageCacheOptions {
  readVersion: () => Promise<number>;
  revalidateMs: number;
  maxEntries: number;
  views: ViewCounter;
  /** Requests carrying this cookie (a session) are never cached nor served from cache. */
  sessionCookieNames: string[];
}

/** A page tells the cache which paper it shows (to count views of cached hits) with this header. */
export const VIEW_HEADER = "x-shortscience-paper";

interface Entry {
  body: Uint8Array<ArrayBuffer>;
  headers: Record<string, string>;
  etag: string;
  viewPaperId: number | null;
}

type Fetch = (req: Request, env?: unknown) => Response | Promise<Response>;

export interface PageCache {
  wrap(inner: Fetch): Fetch;
  clear(): void;
}

export function createPageCache(opts: PageCacheOptions): PageCache {
  const entries = new Map<string, Entry>();
  let version = -1;
  let checkedAt = Number.NEGATIVE_INFINITY;
  let checking: Promise<void> | null = null;
  const sessionMarkers = opts.sessionCookieNames.map((n) => `${n}=`);

  const revalidate = (): Promise<void> | null => {
    if (Date.now() - checkedAt < opts.revalidateMs) return null;
    checking ??= opts
      .readVersion()
      .then((v) => {
        if (v !== version) entries.clear();
        version = v;
        checkedAt = Date.now();
      })
      .finally(() => {
        checking = null;
      });
    return checking;
  };

  const cacheable = (req: Request) => {
    if (req.method !== "GET") return false;
    const cookie = req.headers.get("cookie");
    return !cookie || !sessionMarkers.some((m) => cookie.includes(m));
  };

  const serve = (entry: Entry, req: Request): Response => {
    if (entry.viewPaperId !== null) opts.views.record(entry.viewPaperId);
    if (req.headers.get("if-none-match") === entry.etag) {
      return new Response(null, { status: 304, headers: entry.headers });
    }
    return new Response(entry.body, { status: 200, headers: entry.headers });
  };

  const store = async (key: string, res: Response): Promise<Response> => {
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
    const entry: Entry = { body, headers, etag, viewPaperId: viewed ? Number(viewed) : null };
    if (entries.size >= opts.maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest !== undefined) entries.delete(oldest);
    }
    entries.set(key, entry);
    return new Response(body, { status: 200, headers });
  };

  const isStorable = (res: Response) =>
    res.status === 200 &&
    (res.headers.get("content-type") ?? "").startsWith("text/html") &&
    !res.headers.has("set-cookie") &&
    !(res.headers.get("cache-control") ?? "").includes("no-store");

  return {
    wrap(inner) {
      return async (req, env) => {
        if (!cacheable(req)) return inner(req, env);
        const pending = revalidate();
        if (pending) await pending;
        const key = req.url;
        const hit = entries.get(key);
        if (hit) return serve(hit, req);
        const res = await inner(req, env);
        if (!isStorable(res)) {
          res.headers.delete(VIEW_HEADER);
          return res;
        }
        const stored = await store(key, res);
        return req.headers.get("if-none-match") === stored.headers.get("etag")
          ? new Response(null, { status: 304, headers: stored.headers })
          : stored;
      };
    },
    clear: () => entries.clear(),
  };
}
