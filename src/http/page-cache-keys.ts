/**
 * The query parameters each cacheable page reads. The cache key is the path plus only these,
 * in canonical order, so `?v=1`, `?v=2`, … are one entry instead of one each (an attacker's
 * cache-busting loop), and `?page=2&section=cs` is the same page as `?section=cs&page=2`.
 *
 * A page that starts reading another parameter must be listed here: until then its anonymous
 * readers would all see the page as if the parameter were absent. Pages that only redirect, or
 * never cache (forms, `no-store`), need no entry: they are never stored.
 */
const PAGE_QUERY_PARAMS: { path: RegExp; params: readonly string[] }[] = [
  { path: /^\/(?:recent|best)?$/, params: ["page", "section"] },
  { path: /^\/venue\/[^/]+$/, params: ["year"] },
];

export interface PageCacheKey {
  key: string;
  /**
   * The request names no parameter the page ignores and none twice: its response may be stored
   * under `key`. Other requests may be answered from the entry, never create one.
   */
  storable: boolean;
}

export function pageCacheKey(url: URL): PageCacheKey {
  const allowed = PAGE_QUERY_PARAMS.find((p) => p.path.test(url.pathname))?.params ?? [];
  const kept = new URLSearchParams();
  let storable = true;
  const seen = new Set<string>();
  for (const [name, value] of url.searchParams) {
    if (!allowed.includes(name) || seen.has(name)) {
      storable = false;
      continue;
    }
    seen.add(name);
    kept.append(name, value);
  }
  kept.sort();
  const query = kept.toString();
  return { key: query ? `${url.pathname}?${query}` : url.pathname, storable };
}
