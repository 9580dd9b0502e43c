// PostgreSQL: a search on new connections against the same search run again on them. pg.Pool
// used to close a connection after 10 idle seconds (now DB_IDLE_CONNECTION_MS), and a new
// backend fills its catalog and statistics caches on its first queries. The searches have
// run earlier in the bench, so their pages are cached: what differs is the connections.

import { DomainError } from "../src/core/errors";
import { connect } from "../src/db/connect";
import { searchLocal } from "../src/search/search.service";
import type { SearchParams } from "../src/search/search-params";
import { pct } from "./percentile";

export interface NewConnectionFigures {
  searches: number;
  /** Median of each search on a pool of its own, fresh. */
  newP50: number;
  /** Median of the same search, run next on that pool's now used connections. */
  usedP50: number;
}

export async function measureNewConnections(
  url: string,
  searches: SearchParams[],
  rankWindow: number,
): Promise<NewConnectionFigures> {
  const fresh: number[] = [];
  const used: number[] = [];
  for (const params of searches) {
    const db = connect(url);
    try {
      for (const times of [fresh, used]) {
        const t0 = performance.now();
        // A search PostgreSQL stops (SEARCH_STATEMENT_TIMEOUT_MS) counts with the time it took.
        await searchLocal(db.kysely, params, { rankWindow }).catch((error: unknown) => {
          if (!(error instanceof DomainError && error.code === "search_timeout")) throw error;
        });
        times.push(performance.now() - t0);
      }
    } finally {
      await db.close();
    }
  }
  return { searches: searches.length, newP50: pct(fresh, 50), usedP50: pct(used, 50) };
}

export function reportNewConnections(f: NewConnectionFigures, line: (s: string) => void): void {
  line(
    `  ${f.searches} of those single words again, each on new connections: p50 ` +
      `${f.newP50.toFixed(1)} ms; then on the same, used connections: p50 ${f.usedP50.toFixed(1)} ms`,
  );
}
