import type { Kysely } from "kysely";
import { RateLimitedError } from "../core/errors";
import { RATE_LIMITS, type RateLimitName } from "../core/limits";
import type { Database } from "../db/schema";
import { deleteWindowsBefore, hitWindow, refundHit } from "./rate-limit.repo";

function window(name: RateLimitName, now: number) {
  const { max, windowMs } = RATE_LIMITS[name];
  const start = Math.floor(now / windowMs) * windowMs;
  return { max, start, retryAfter: Math.max(1, Math.ceil((start + windowMs - now) / 1000)) };
}

/** A hit already counted; `refund` gives it back (a login that turned out right). */
export interface Reservation {
  refund(): Promise<void>;
}

/**
 * Reserves one hit of `name` for `key` (an account, an address) before the action runs, and
 * throws RateLimitedError past the limit. The increment and the read are one statement, so
 * however many requests race, from however many app processes, at most `max` get through a
 * window. (Checking first and counting after the action let a burst through.)
 */
export async function reserveRateLimit(
  db: Kysely<Database>,
  name: RateLimitName,
  key: string,
  now = Date.now(),
): Promise<Reservation> {
  const w = window(name, now);
  const bucket = `${name}:${key}`;
  const hits = await hitWindow(db, bucket, w.start);
  if (hits > w.max) throw new RateLimitedError(w.retryAfter);
  return { refund: () => refundHit(db, bucket, w.start) };
}

/** Counts a hit and throws past the limit: for actions that never give their hit back. */
export async function consumeRateLimit(
  db: Kysely<Database>,
  name: RateLimitName,
  key: string,
  now = Date.now(),
): Promise<void> {
  await reserveRateLimit(db, name, key, now);
}

/** Drops counters older than the longest window. */
export async function pruneRateLimits(db: Kysely<Database>, now = Date.now()): Promise<number> {
  const longest = Math.max(...Object.values(RATE_LIMITS).map((l) => l.windowMs));
  return deleteWindowsBefore(db, now - 2 * longest);
}
