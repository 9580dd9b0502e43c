import { createHash } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./app-env";

/**
 * Anonymous readers are most of the traffic. Their pages are kept as encoded bytes with an
 * ETag: turning a large page into UTF-8 on every request is the bottleneck, not the
 * framework. Every write bumps the database's content version; each process re-reads that
 * version at most once per `revalidateMs` and drops its pages when it has moved, so several
 * app processes on one database never serve stale pages for longer than that.
 */
export interface PageCacheOptions {
  readVersion: () => Promise<number>;
  revalidateMs: number;
  maxEntries: number;
}

interface Entry {
  body: Uint8Array<ArrayBuffer>;
  etag: string;
  contentType: string;
  viewPaperId: number | undefined;
}

export interface PageCache {
  middleware: MiddlewareHandler<AppEnv>;
  /** For writes made by this process: drop everything now. */
  clear(): void;
}

export function createPageCache(opts: PageCacheOptions): PageCache {
  const entries = new Map<string, Entry>();
  let version = -1;
  let checkedAt = 0;
  let checking: Promise<void> | null = null;

  const revalidate = async () => {
    const now = Date.now();
    if (now - checkedAt < opts.revalidateMs) return;
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
    await checking;
  };

  const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (c.req.method !== "GET" || c.req.header("Cookie")) return next();
    await revalidate();
    const key = c.req.url;
    const hit = entries.get(key);
    if (hit) {
      // Refresh recency so the map's insertion order works as an LRU.
      entries.delete(key);
      entries.set(key, hit);
      if (hit.viewPaperId !== undefined) c.get("views").record(hit.viewPaperId);
      return respond(c.req.header("If-None-Match"), hit);
    }
    await next();
    const res = c.res;
    const type = res.headers.get("Content-Type") ?? "";
    if (res.status !== 200 || !type.startsWith("text/html")) return;
    const body = new Uint8Array(await res.arrayBuffer());
    const entry: Entry = {
      body,
      etag: `"${createHash("sha1").update(body).digest("base64url")}"`,
      contentType: type,
      viewPaperId: c.get("viewPaperId"),
    };
    if (entries.size >= opts.maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest !== undefined) entries.delete(oldest);
    }
    entries.set(key, entry);
    c.res = undefined;
    c.res = respond(c.req.header("If-None-Match"), entry, res.headers);
  };

  return { middleware, clear: () => entries.clear() };
}

function respond(ifNoneMatch: string | undefined, e: Entry, base?: Headers): Response {
  const headers = new Headers(base);
  headers.set("Content-Type", e.contentType);
  headers.set("ETag", e.etag);
  headers.set("Cache-Control", "public, no-cache");
  headers.set("Vary", "Cookie");
  if (ifNoneMatch === e.etag) return new Response(null, { status: 304, headers });
  headers.set("Content-Length", String(e.body.byteLength));
  return new Response(e.body, { status: 200, headers });
}
