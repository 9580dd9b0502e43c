// How many local searches one process runs at once. On PostgreSQL a search holds up to two
// pooled connections (its two counts run side by side) for up to SEARCH_STATEMENT_TIMEOUT_MS;
// unbounded, a handful of costly searches would take the pool (10 connections) from every
// other page. Past the running ones a few wait their turn; past those the answer is a 503.

import { DomainError } from "../core/errors";

export const SEARCH_BUSY = "Too many searches are running right now. Please try again in a moment.";

export interface SearchSlots {
  /** Waits for a slot (or throws "unavailable" when the queue is full); call the result to free it. */
  acquire(): Promise<() => void>;
  /** Searches running and waiting now. */
  readonly running: number;
  readonly waiting: number;
}

export function createSearchSlots(max: number, queueMax: number): SearchSlots {
  let running = 0;
  const queue: (() => void)[] = [];
  const release = () => {
    const next = queue.shift();
    // The slot passes straight to the next in line: `running` stays as it is.
    if (next) next();
    else running--;
  };
  const once = () => {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      release();
    };
  };
  return {
    async acquire() {
      if (running < max) {
        running++;
        return once();
      }
      if (queue.length >= queueMax) throw new DomainError("unavailable", SEARCH_BUSY);
      await new Promise<void>((resolve) => queue.push(resolve));
      return once();
    },
    get running() {
      return running;
    },
    get waiting() {
      return queue.length;
    },
  };
}
