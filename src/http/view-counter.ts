import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import { addPaperViews } from "../papers/views.repo";
import { utcDay } from "../time";

/**
 * Counts paper page views in memory and writes them in one go every few seconds:
 * one write per page view would make the busiest pages the slowest.
 */
export interface ViewCounter {
  record(paperId: number): void;
  flush(): Promise<void>;
  stop(): Promise<void>;
}

export function createViewCounter(db: Kysely<Database>, intervalMs = 5_000): ViewCounter {
  let pending = new Map<number, number>();
  const flush = async () => {
    if (pending.size === 0) return;
    const batch = pending;
    pending = new Map();
    const day = utcDay();
    for (const [paperId, views] of batch) {
      try {
        await addPaperViews(db, paperId, day, views);
      } catch {
        // A paper deleted meanwhile, or a database hiccup: views are not worth an error.
      }
    }
  };
  const timer = setInterval(() => void flush(), intervalMs);
  timer.unref();
  return {
    record(paperId) {
      pending.set(paperId, (pending.get(paperId) ?? 0) + 1);
    },
    flush,
    async stop() {
      clearInterval(timer);
      await flush();
    },
  };
}
