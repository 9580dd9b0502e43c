import { isSection } from "../papers/sections";
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
 * A page that starts reading another parameter, or parses one differently, must be changed
 * here: until then its anonymous readers would all see the page as if the parameter were
 * absent. Pages that only redirect, or never cache (forms, `no-store`), need no entry: they
 * are never stored.
 */
type Canonical = (value: string) => string | null;

/** Page N as home.pages.tsx reads it; "" stands for "same as absent" (page 1). */
const pageNumber: Canonical = (value) => {
  try {
    const n = pageParam(value);
    return n === 1 ? "" : String(n);
  } catch {
    return null;
  }
};
/** An empty or unknown section is a 400 on the home pages. */
const section: Canonical = (value) => (isSection(value) ? value : null);
/**
 * As venues.pages.tsx reads it. An explicit year is kept even when it is the venue's latest:
 * that page names itself with `?year=` (its canonical link), so it differs from the bare one.
 */
const year: Canonical = (value) => (value === "" ? "" : /^\d{4}$/.test(value) ? value : null);

const PAGE_QUERY_PARAMS: { path: RegExp; params: Readonly<Record<string, Canonical>> }[] = [
  { path: /^\/(?:recent|best)?$/, params: { page: pageNumber, section } },
  { path: /^\/venue\/[^/]+$/, params: { year } },
];

export interface PageCacheKey {
  key: string;
  /**
   * The request names no parameter the page ignores, none twice, and only values the page
   * accepts: its response may be stored under `key`. Other requests may be answered from the
   * entry, never create one.
   */
  storable: boolean;
}

export function pageCacheKey(url: URL): PageCacheKey {
  const allowed = PAGE_QUERY_PARAMS.find((p) => p.path.test(url.pathname))?.params ?? {};
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
