import type { Coding } from "./page-encodings";

/** One form of a page's bytes, with every header its answer carries (ETag, Content-Length…). */
export interface Representation {
  body: Uint8Array<ArrayBuffer>;
  headers: Record<string, string>;
  etag: string;
}

/**
 * A page's bytes: its final bytes and headers (the identity representation, uncompressed),
 * and the same page compressed once per coding that made it smaller (page-representations.ts).
 */
export interface EncodedPage extends Representation {
  encoded: Partial<Record<Coding, Representation>>;
}

/** One cached page: its representations, and the content version it was rendered under. */
export interface CachedPage extends EncodedPage {
  viewPaperId: number | null;
  version: number;
  /** What the page shows (http/page-cache-tags.ts); null: it depends on everything. */
  tags: readonly string[] | null;
  /** Stale from this moment (epoch ms) even with no write (page-cache-tags.ts); null: never. */
  currentUntil: number | null;
}

/**
 * Bytes a page holds in memory: every representation's body and headers (strings count two
 * bytes a character in V8 at worst), the key, plus a fixed allowance for the objects around
 * them.
 */
const ENTRY_OVERHEAD_BYTES = 512;

export function pageBytes(key: string, page: CachedPage): number {
  let bytes = key.length * 2 + ENTRY_OVERHEAD_BYTES + representationBytes(page);
  for (const coded of Object.values(page.encoded)) bytes += representationBytes(coded);
  return bytes;
}

function representationBytes(r: Representation): number {
  let bytes = r.body.byteLength;
  for (const [name, value] of Object.entries(r.headers)) {
    bytes += (name.length + value.length) * 2;
  }
  return bytes;
}

export interface PageStoreLimits {
  /** All pages together; the least recently used are dropped to stay under it. */
  maxBytes: number;
  /** One page; a larger one is not kept at all (it would push out many small ones). */
  maxPageBytes: number;
}

/**
 * A least-recently-used map bounded in bytes, not entries: one 5 MB page weighs as much as a
 * thousand small ones. A Map keeps insertion order, so re-inserting on use makes its first key
 * the least recently used.
 */
export class PageStore {
  private readonly pages = new Map<string, { page: CachedPage; bytes: number }>();
  private total = 0;

  constructor(private readonly limits: PageStoreLimits) {}

  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.pages.size;
  }

  get(key: string): CachedPage | undefined {
    const slot = this.pages.get(key);
    if (!slot) return undefined;
    this.pages.delete(key);
    this.pages.set(key, slot);
    return slot.page;
  }

  /**
   * Keeps `page` unless it is too large or an entry rendered under a newer version is there
   * already (a slow render must not replace a fresher page). Returns whether it was kept.
   */
  set(key: string, page: CachedPage): boolean {
    const bytes = pageBytes(key, page);
    if (bytes > this.limits.maxPageBytes || bytes > this.limits.maxBytes) return false;
    const existing = this.pages.get(key);
    if (existing && existing.page.version > page.version) return false;
    if (existing) this.remove(key);
    while (this.total + bytes > this.limits.maxBytes) {
      const oldest = this.pages.keys().next().value;
      if (oldest === undefined) break;
      this.remove(oldest);
    }
    this.pages.set(key, { page, bytes });
    this.total += bytes;
    return true;
  }

  /**
   * Drops every page `stale` says is stale (a write changed what it shows). A scan, not an
   * index: it runs at most once per revalidate window and costs well under a millisecond for
   * the few thousand pages a byte-bounded store holds, and nothing can drift out of sync.
   */
  dropWhere(stale: (page: CachedPage) => boolean): void {
    for (const [key, slot] of this.pages) {
      if (stale(slot.page)) this.remove(key);
    }
  }

  /** Drops one page (it went out of date with time). */
  delete(key: string): void {
    this.remove(key);
  }

  clear(): void {
    this.pages.clear();
    this.total = 0;
  }

  private remove(key: string): void {
    const slot = this.pages.get(key);
    if (!slot) return;
    this.pages.delete(key);
    this.total -= slot.bytes;
  }
}
