import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import { DomainError } from "../errors";
import { RATE_LIMITS, type RateLimitName } from "../limits";
import { clearBucket, deleteWindowsBefore, hitWindow, readWindow } from "./rate-limit.repo";

export class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super("rate_limited", "Too many attempts. Please wait a little and try again.");
  }
}

function window(name: RateLimitName, now: number) {
  const { max, windowMs } = RATE_LIMITS[name];
  const start = Math.floor(now / windowMs) * windowMs;
  return { max, start, retryAfter: Math.max(1, Math.ceil((start + windowMs - now) / 1000)) };
}

/**
 * Counts a hit against `name` for `key` (an account, an IP) and throws RateLimitedError past
 * the limit. Counters live in the database, so every app process shares them.
 */
export async function consumeRateLimit(
  db: Kysely<Database>,
  name: RateLimitName,
  key: string,
  now = Date.now(),
): Promise<void> {
  const w = window(name, now);
  const hits = await hitWindow(db, `${name}:${key}`, w.start);
  if (hits > w.max) throw new RateLimitedError(w.retryAfter);
}

/** Throws when the limit is already used up, without counting (a login checks before it verifies). */
export async function assertUnderRateLimit(
  db: Kysely<Database>,
  name: RateLimitName,
  key: string,
  now = Date.now(),
): Promise<void> {
  const w = window(name, now);
  if ((await readWindow(db, `${name}:${key}`, w.start)) >= w.max) {
    throw new RateLimitedError(w.retryAfter);
  }
}

export async function resetRateLimit(db: Kysely<Database>, name: RateLimitName, key: string) {
  await clearBucket(db, `${name}:${key}`);
}

/** Drops counters older than the longest window. */
export async function pruneRateLimits(db: Kysely<Database>, now = Date.now()): Promise<void> {
  const longest = Math.max(...Object.values(RATE_LIMITS).map((l) => l.windowMs));
  await deleteWindowsBefore(db, now - 2 * longest);
}
