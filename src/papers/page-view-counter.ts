import { hash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { VIEWS_PER_DAY_MAX_KEYS } from "../core/limits";
import { utcDay } from "../core/time";
import type { Database } from "../db/schema";
import { addPaperViews } from "./page-views.repo";

/**
 * Counts paper page views in memory and writes them in one go every few seconds: one write
 * per page view would make the busiest pages the slowest.
 *
 * Views rank papers on the home page, so they must not be for sale by the request: a client
 * (its rate-limit key, see client-ip.ts) counts at most once per paper per UTC day, cached
 * hits included. Which pairs were seen today is a set of salted, truncated hashes (fixed size
 * whatever the client key, and no address is held), capped at `maxKeys`. A full set counts no
 * new pair until the next day: forgetting old pairs instead would let anyone holding more
 * addresses than the cap (IPv6 /64s are cheap) count every request again, while a full set
 * only stops the ranking moving, and caps what any number of addresses can add in one day.
 * Each app process keeps its own set: with N processes a client counts at most N times.
 */
export interface PageViewCounter {
  /** A view of the paper by this client (its clientKey; "unknown" is one client like any). */
  record(paperId: number, client: string): void;
  flush(): Promise<void>;
  stop(): Promise<void>;
  /** For tests and monitoring: pairs remembered today, and views refused because it was full. */
  stats(): { keys: number; maxKeys: number; refusedWhenFull: number };
}

export interface PageViewCounterOptions {
  intervalMs?: number;
  /** Distinct (paper, client) pairs remembered per day (VIEWS_PER_DAY_MAX_KEYS). */
  maxKeys?: number;
  /** The clock that decides the day (tests move it). */
  now?: () => number;
}

const DAY_MS = 86_400_000;
/**
 * 96 bits of SHA-256 (16 base64 characters, a string of its own, not a slice that would keep
 * the whole digest alive): no two of even millions of pairs share one by chance.
 */
const KEY_BYTES = 12;

export function createPageViewCounter(
  db: Kysely<Database>,
  opts: PageViewCounterOptions = {},
): PageViewCounter {
  const now = opts.now ?? Date.now;
  const maxKeys = opts.maxKeys ?? VIEWS_PER_DAY_MAX_KEYS;
  // Per process: the hashes can't be matched against a list of addresses from outside it.
  const salt = randomBytes(16).toString("base64");
  // By day and paper: a view recorded before midnight and flushed after counts on its own day.
  let pending = new Map<string, { paperId: number; day: string; views: number }>();
  let day = Math.floor(now() / DAY_MS);
  let seen = new Set<string>();
  let refusedWhenFull = 0;

  const firstToday = (paperId: number, client: string): boolean => {
    const today = Math.floor(now() / DAY_MS);
    if (today !== day) {
      day = today;
      seen = new Set();
      refusedWhenFull = 0;
    }
    // One-shot: every paper page asks, and a Hash object costs 3× as much.
    const key = hash("sha256", `${salt}\n${paperId}\n${client}`, "buffer").toString(
      "base64",
      0,
      KEY_BYTES,
    );
    if (seen.has(key)) return false;
    if (seen.size >= maxKeys) {
      refusedWhenFull++;
      return false;
    }
    seen.add(key);
    return true;
  };

  const flush = async () => {
    if (pending.size === 0) return;
    const batch = pending;
    pending = new Map();
    for (const { paperId, day: viewDay, views } of batch.values()) {
      try {
        await addPaperViews(db, paperId, viewDay, views);
      } catch {
        // A paper deleted meanwhile, or a database hiccup: views are not worth an error.
      }
    }
  };
  const timer = setInterval(() => void flush(), opts.intervalMs ?? 5_000);
  timer.unref();
  return {
    record(paperId, client) {
      if (!firstToday(paperId, client)) return;
      const viewDay = utcDay(now());
      const key = `${viewDay} ${paperId}`;
      const entry = pending.get(key);
      if (entry) entry.views++;
      else pending.set(key, { paperId, day: viewDay, views: 1 });
    },
    flush,
    async stop() {
      clearInterval(timer);
      await flush();
    },
    stats: () => ({ keys: seen.size, maxKeys, refusedWhenFull }),
  };
}
