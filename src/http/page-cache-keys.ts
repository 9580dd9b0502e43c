import { pageParam } from "./params";

/**
 * The query parameters each cacheable page reads. The cache key is the path plus only these,
 * in canonical order, so `?v=1`, `?v=2`, … are one entry instead of one each (an attacker's
 * cache-busting loop), and `?page=2&section=cs` is the same page as `?section=cs&page=2`.
 *
 * Each parameter is keyed on its canonical value, as the page parses it: `?page=02` and
 * `?page=0002` are page 2, and `?page=1` is the page without the parameter, so spelling one
 * value many ways can't churn the cache either. A value the page refuses (a 400) is never
 * stored, and keeps its own spelling in the key so it can't be answered from a real entry.
 *
 * Each feature declares the parameters of its own pages beside the routes that read them
 * (`homeCacheQuery`, `venueCacheQuery`), and app.ts hands the list to the cache: this module
 * knows no feature. A page that starts reading another parameter must add it to its
 * declaration, or its anonymous readers would all see the page as if it were absent. Pages
 * that only redirect, or never cache (forms, `no-store`), need none: they are never stored.
 */
/** A parameter's canonical value as the page reads it; "" = as if absent; null = refused. */
export type Canonical = (value: string) => string | null;

/** The query parameters the pages whose path matches `path` read. */
export interface CachedQuery {
  path: RegExp;
  params: Readonly<Record<string, Canonical>>;
}

/** `?page=N` as pageParam reads it; page 1 is the page without the parameter. */
export const pageNumber: Canonical = (value) => {
  try {
    const n = pageParam(value);
    return n === 1 ? "" : String(n);
  } catch {
    return null;
  }
};

export interface PageCacheKey {
  key: string;
  /**
   * The request names no parameter the page ignores, none twice, and only values the page
   * accepts: its response may be stored under `key`. Other requests may be answered from the
   * entry, never create one.
   */
  storable: boolean;
}

export function pageCacheKey(url: URL, queries: readonly CachedQuery[]): PageCacheKey {
  const allowed = queries.find((p) => p.path.test(url.pathname))?.params ?? {};
  const kept = new URLSearchParams();
  let storable = true;
  const seen = new Set<string>();
  for (const [name, value] of url.searchParams) {
    const canonical = Object.hasOwn(allowed, name) ? allowed[name] : undefined;
    if (!canonical || seen.has(name)) {
      storable = false;
      continue;
    }
    seen.add(name);
    const normal = canonical(value);
    if (normal === null) {
      storable = false;
      kept.append(name, value);
    } else if (normal !== "") {
      kept.append(name, normal);
    }
  }
  kept.sort();
  const query = kept.toString();
  return { key: query ? `${url.pathname}?${query}` : url.pathname, storable };
}
