// How many local searches one process runs at once. On PostgreSQL a search holds up to two
// pooled connections (its two counts run side by side) for up to SEARCH_STATEMENT_TIMEOUT_MS;
// unbounded, a handful of costly searches would take the pool (10 connections) from every
// other page. Past the running ones a few wait their turn, in order; past those the answer is
// a 503. One client may have only so many running or waiting, so it can't hold the line.

import { BusyError, RateLimitedError } from "../core/errors";
import { SEARCH_BUSY_RETRY_AFTER_S } from "../core/limits";

export const SEARCH_BUSY = "Too many searches are running right now. Please try again in a moment.";

export interface SearchSlots {
  /**
   * Waits for a slot for `client`; call the result to free it. Throws BusyError (503) when
   * the queue is full, RateLimitedError (429) when `client` already has its share.
   */
  acquire(client: string): Promise<() => void>;
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
  const freeOnce = (client: string) => {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const left = (held.get(client) ?? 1) - 1;
      if (left > 0) held.set(client, left);
      else held.delete(client);
      release();
    };
  };
  return {
    async acquire(client) {
      const mine = held.get(client) ?? 0;
      if (mine >= perClient) throw new RateLimitedError(1);
      if (running < max) running++;
      else if (queue.length >= queueMax)
        throw new BusyError(SEARCH_BUSY, SEARCH_BUSY_RETRY_AFTER_S);
      else {
        held.set(client, mine + 1);
        await new Promise<void>((resolve) => queue.push(resolve));
        return freeOnce(client);
      }
      held.set(client, mine + 1);
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
