// How many local searches one process runs at once. On PostgreSQL a search holds up to two
// pooled connections (its two counts run side by side) for up to SEARCH_STATEMENT_TIMEOUT_MS;
// unbounded, a handful of costly searches would take the pool (10 connections) from every
// other page. Past the running ones a few wait their turn, in order; past those the answer is
// a 503. One client may have only so many running or waiting, so it can't hold the line. A
// search whose request closes while it waits (the reader left, or a burst's client gave up)
// leaves the line rather than run for nobody when its turn comes.

import { BusyError, DomainError, RateLimitedError } from "../core/errors";
import { SEARCH_BUSY_RETRY_AFTER_S } from "../core/limits";

export const SEARCH_BUSY = "Too many searches are running right now. Please try again in a moment.";

/** The request closed before its search began: nobody is left to answer. */
export class SearchAbandonedError extends DomainError {
  constructor() {
    super("unavailable", "The request closed before its search began.");
  }
}

export interface SearchSlots {
  /**
   * Waits for a slot for `client`; call the result to free it. Throws BusyError (503) when
   * the queue is full, RateLimitedError (429) when `client` already has its share (a caller
   * that names none, a test or the bench, has no share to exceed). When `signal` aborts
   * before the slot is given, the place is left and SearchAbandonedError thrown.
   */
  acquire(client?: string, signal?: AbortSignal): Promise<() => void>;
  /** Searches running and waiting now. */
  readonly running: number;
  readonly waiting: number;
}

export function createSearchSlots(max: number, queueMax: number, perClient: number): SearchSlots {
  let running = 0;
  const queue: (() => void)[] = [];
  const held = new Map<string, number>();
  const release = () => {
    const next = queue.shift();
    // The slot passes straight to the next in line: `running` stays as it is.
    if (next) next();
    else running--;
  };
  /** One place more (or, with -1, less) for `client`; none is counted for no client. */
  const count = (client: string | undefined, by: 1 | -1) => {
    if (client === undefined) return;
    const now = (held.get(client) ?? 0) + by;
    if (now > 0) held.set(client, now);
    else held.delete(client);
  };
  const freeOnce = (client: string | undefined) => {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      count(client, -1);
      release();
    };
  };
  return {
    async acquire(client, signal) {
      if (signal?.aborted) throw new SearchAbandonedError();
      if (client !== undefined && (held.get(client) ?? 0) >= perClient)
        throw new RateLimitedError(1);
      if (running < max) {
        running++;
        count(client, 1);
        return freeOnce(client);
      }
      if (queue.length >= queueMax) throw new BusyError(SEARCH_BUSY, SEARCH_BUSY_RETRY_AFTER_S);
      count(client, 1);
      await new Promise<void>((resolve, reject) => {
        const leave = () => {
          const at = queue.indexOf(take);
          if (at < 0) return;
          queue.splice(at, 1);
          count(client, -1);
          reject(new SearchAbandonedError());
        };
        const take = () => {
          signal?.removeEventListener("abort", leave);
          resolve();
        };
        queue.push(take);
        signal?.addEventListener("abort", leave, { once: true });
      });
      return freeOnce(client);
    },
    get running() {
      return running;
    },
    get waiting() {
      return queue.length;
    },
  };
}
