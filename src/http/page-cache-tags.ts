import type { Context } from "hono";
import { EVERY_PAGE, isCacheTag, MAX_TAGS_PER_WRITE } from "../core/cache-tags";
import type { TagStamp } from "../db/content-version";
import { EXPIRES_HEADER, TAGS_HEADER } from "./page-cache-headers";
import type { PageStore } from "./page-cache-store";

/**
 * Precise invalidation (issue 12). A page names what it shows with cache tags; a write stamps
 * the tags it changed with the content version it bumped to (db/content-version.ts). This
 * process remembers the newest version it has seen; when the database's is newer it reads the
 * tags stamped since and drops only the pages carrying one of them. A page that declared no
 * tags depends on everything, and a stamp of EVERY_PAGE (a write that named none) drops all.
 *
 * Never an older page over a newer one: a page is stored with the version read before it
 * rendered, and only if no tag it carries was stamped after that version. Stamps learnt while
 * renders are in flight are kept (bounded) until the oldest of those renders has finished, so
 * a render that read its data before a write is refused even when the write was learnt by
 * another request; a stamp learnt after the page was stored drops it like any other page.
 */

/** A page declares the tags of what it shows (see core/cache-tags.ts for the vocabulary). */
export function declareCacheTags(c: Context, tags: readonly string[]): void {
  c.header(TAGS_HEADER, [...new Set(tags)].join(" "));
}

/**
 * A page that changes with time alone, with no write to stamp its tags, says until when it is
 * current (an epoch ms: from then on the cache renders it again). Null: until a write.
 */
export function declareCurrentUntil(c: Context, at: number | null): void {
  if (at !== null) c.header(EXPIRES_HEADER, String(Math.floor(at)));
}

/** The moment a page stops being current (declareCurrentUntil), or null: never by time alone. */
export function parseCurrentUntil(header: string | null): number | null {
  if (header === null) return null;
  // Malformed (a programming error): current for no time at all, so never stored.
  return /^\d{1,16}$/.test(header) ? Number(header) : 0;
}

/** The page's tags, or null (depends on everything) when it declared none or too many. */
export function parseCacheTags(header: string | null): readonly string[] | null {
  if (!header) return null;
  const tags = header.split(" ").filter((t) => t !== "");
  if (tags.length === 0 || tags.length > MAX_TAGS_PER_WRITE * 4) return null;
  return tags.every((t) => isCacheTag(t) && t !== EVERY_PAGE) ? tags : null;
}

/** More stamps than this since the last look: drop everything instead of reading them all. */
export const MAX_STAMPS_PER_READ = 2_000;
/** Stamps kept for in-flight renders; beyond it, those renders are simply not stored. */
const MAX_RECENT_STAMPS = 2_000;

export interface VersionSource {
  readVersion: () => Promise<number>;
  /** Absent: every change counts as "everything" (the old single-version behaviour). */
  readTagsSince?: (version: number, limit: number) => Promise<TagStamp[]>;
  revalidateMs: number;
  versionTimeoutMs: number;
  outage: { failure(error: unknown, ctx: { during: string }): void; recovered(): void };
}

/** What a render remembers between reading the version and handing its page over. */
export interface RenderTicket {
  version: number;
  epoch: number;
}

/** The changes one read found: tags to drop, or "all". */
type Changes = ReadonlySet<string> | "all";

function touches(tags: readonly string[] | null, changed: Changes): boolean {
  if (changed === "all" || tags === null) return true;
  return tags.some((t) => changed.has(t));
}

/**
 * The newest content version this process has seen and the pages it invalidates. Reads can
 * overlap and finish out of order, so an older number never replaces a newer one, unless the
 * read began after the newer one was learnt (the database really went back: a restore),
 * which drops every page.
 */
export function createVersionTracker(opts: VersionSource, store: PageStore, now: () => number) {
  let known = -1;
  let learntAtSeq = 0;
  let seq = 0;
  /** Moves whenever everything is dropped: renders begun before it are not stored. */
  let epoch = 0;
  let checkedAt = Number.NEGATIVE_INFINITY;
  let failedAt = Number.NEGATIVE_INFINITY;
  let checking: Promise<void> | null = null;
  const inFlight = new Map<RenderTicket, number>();
  let recent: { changed: Changes; version: number }[] = [];

  const dropAll = () => {
    store.clear();
    epoch++;
    recent = [];
  };

  const apply = (changed: Changes, version: number) => {
    if (changed === "all") return dropAll();
    store.dropWhere((page) => touches(page.tags, changed));
    if (inFlight.size === 0) return;
    if (recent.length >= MAX_RECENT_STAMPS) return dropAll();
    recent.push({ changed, version });
  };

  /** The tags stamped after `since`; "all" when unknown, too many, or a wildcard. */
  const changesSince = async (since: number): Promise<Changes> => {
    if (!opts.readTagsSince || since < 0) return "all";
    const stamps = await withTimeout(
      opts.readTagsSince(since, MAX_STAMPS_PER_READ + 1),
      opts.versionTimeoutMs,
    );
    // None at all: something bumped the version without stamping (a hand-run SQL update).
    if (stamps.length === 0 || stamps.length > MAX_STAMPS_PER_READ) return "all";
    const tags = new Set<string>();
    for (const s of stamps) {
      if (s.tag === EVERY_PAGE) return "all";
      tags.add(s.tag);
    }
    return tags;
  };

  const read = async (): Promise<number> => {
    const startedSeq = ++seq;
    const startedAt = now();
    const since = known;
    const v = await withTimeout(opts.readVersion(), opts.versionTimeoutMs);
    // Read after the version: every stamp up to `v` has committed by then (writes stamp in
    // version order), so applying them makes this process current up to `v`.
    const changed = v > since && since >= 0 ? await changesSince(since) : null;
    const doneSeq = ++seq;
    if (v > known) {
      if (known >= 0) apply(changed ?? "all", v);
      known = v;
      learntAtSeq = doneSeq;
    } else if (v < known && startedSeq > learntAtSeq) {
      dropAll();
      known = v;
      learntAtSeq = doneSeq;
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

  const prune = () => {
    if (inFlight.size === 0) {
      recent = [];
      return;
    }
    const oldest = Math.min(...inFlight.values());
    recent = recent.filter((r) => r.version > oldest);
  };

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
     * Reads the version a page about to render is stored under; null when there is none to
     * trust (database down: the page renders its own 503, which is never stored). A ticket
     * must be handed back to `endRender`, stored or not.
     */
    async beginRender(): Promise<RenderTicket | null> {
      if (downRecently()) return null;
      try {
        const version = await read();
        const ticket = { version, epoch };
        inFlight.set(ticket, version);
        return ticket;
      } catch (error) {
        failed(error);
        return null;
      }
    },
    /** Whether a page rendered under `ticket` and showing `tags` is still current. */
    mayStore(ticket: RenderTicket, tags: readonly string[] | null): boolean {
      if (ticket.epoch !== epoch || ticket.version > known) return false;
      return !recent.some((r) => r.version > ticket.version && touches(tags, r.changed));
    },
    /** Nothing newer than `ticket` is known (no version, no restore): its render is current. */
    isCurrent: (ticket: RenderTicket) => ticket.epoch === epoch && ticket.version === known,
    endRender(ticket: RenderTicket | null): void {
      if (ticket === null) return;
      inFlight.delete(ticket);
      prune();
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
