// Looks up a paper's metadata by identifier: the cached answer if still fresh, else the
// services for that kind of identifier in order, caching "found" and "not_found" (never
// "unavailable": the next person should get a fresh try). Never throws for a service's
// failure; the caller shows "unavailable" as "could not reach …, try again".

import type { Kysely } from "kysely";
import * as limits from "../../core/limits";
import type { Database } from "../../db/schema";
import type { IdScheme, PaperId } from "../ids";
import { unavailable } from "./lookup-result";
import { readCachedAnswer, storeAnswer } from "./metadata-cache.repo";
import type { LookupResult, PaperMetadata, Resolver } from "./types";

/** Resolver names to ask, in order, per scheme: the authoritative service first. */
const DEFAULT_ROUTES: Record<IdScheme, string[]> = {
  arxiv: ["arxiv"],
  doi: ["crossref", "semantic-scholar"],
  dblp: ["dblp"],
  pmid: ["pubmed", "semantic-scholar"],
  pmcid: ["pubmed", "semantic-scholar"],
  openreview: ["openreview"],
  acl: ["semantic-scholar"],
  s2: ["semantic-scholar"],
  s2corpus: ["semantic-scholar"],
};

const DAY_MS = 86_400_000;

export interface MetadataServiceOptions {
  db: Kysely<Database>;
  resolvers: Resolver[];
  routes?: Record<IdScheme, string[]>;
  ttlDays?: { found: number; notFound: number };
  now?: () => number;
}

export class MetadataService {
  private readonly inFlight = new Map<string, Promise<LookupResult>>();
  private readonly routes: Record<IdScheme, string[]>;
  private readonly ttl: { found: number; notFound: number };
  private readonly now: () => number;

  constructor(private readonly o: MetadataServiceOptions) {
    this.routes = o.routes ?? DEFAULT_ROUTES;
    this.ttl = o.ttlDays ?? {
      found: limits.CACHE_TTL_FOUND_DAYS,
      notFound: limits.CACHE_TTL_NOT_FOUND_DAYS,
    };
    this.now = o.now ?? Date.now;
  }

  /**
   * The version of `id` is ignored: services describe the paper's newest version. `fresh`
   * skips the cached answer (an operator's `refresh-metadata` asks the services again now).
   */
  async lookup(id: PaperId, opts: { fresh?: boolean } = {}): Promise<LookupResult> {
    const key = `${id.scheme}:${id.value}`;
    if (!opts.fresh) {
      const cached = await readCachedAnswer(this.o.db, key, new Date(this.now()).toISOString());
      if (cached?.status === "not_found") return { status: "not_found" };
      const metadata = cached ? readMetadata(cached.body) : null;
      if (metadata) return { status: "found", metadata };
    }
    // Two people adding the same paper at once cause one request per service, not two.
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.resolveAndStore(key, id).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  /** The resolvers a lookup of `id` asks, in order (their names: "arxiv", "crossref", …). */
  servicesFor(id: PaperId): string[] {
    return this.resolversFor(id).map((r) => r.name);
  }

  private async resolveAndStore(key: string, id: PaperId): Promise<LookupResult> {
    const result = await this.resolve(id);
    if (result.status === "unavailable") return result;
    const fetched = this.now();
    const days = result.status === "found" ? this.ttl.found : this.ttl.notFound;
    await storeAnswer(this.o.db, {
      key,
      status: result.status,
      body: result.status === "found" ? JSON.stringify(result.metadata) : "",
      fetchedAt: new Date(fetched).toISOString(),
      expiresAt: new Date(fetched + days * DAY_MS).toISOString(),
    });
    return result;
  }

  private async resolve(id: PaperId): Promise<LookupResult> {
    const resolvers = this.resolversFor(id);
    let firstUnavailable: Extract<LookupResult, { status: "unavailable" }> | null = null;
    for (const resolver of resolvers) {
      let result: LookupResult;
      try {
        result = await resolver.lookup(id);
      } catch {
        // A parser surprised by an answer must not turn into a 500 for the person waiting.
        result = unavailable(resolver.name, "its answer could not be read");
      }
      if (result.status === "found") return result;
      // A service we could not ask (busy) may know the paper: that outweighs one that failed,
      // so that the caller does not take the answer as "no service knows it, type it in".
      if (
        result.status === "unavailable" &&
        (!firstUnavailable || (result.busy && !firstUnavailable.busy))
      ) {
        firstUnavailable = result;
      }
    }
    // "Not found" is only certain when every service answered.
    return firstUnavailable ?? { status: "not_found" };
  }

  private resolversFor(id: PaperId): Resolver[] {
    return (this.routes[id.scheme] ?? [])
      .map((name) => this.o.resolvers.find((r) => r.name === name))
      .filter((r): r is Resolver => r?.handles(id) === true);
  }
}

/** A cached body written by an older version that no longer fits counts as a miss. */
function readMetadata(body: string): PaperMetadata | null {
  try {
    const m = JSON.parse(body) as Partial<PaperMetadata> | null;
    const ok =
      typeof m?.title === "string" &&
      Array.isArray(m.authors) &&
      Array.isArray(m.identifiers) &&
      Array.isArray(m.categories) &&
      typeof m.source === "string";
    return ok ? (m as PaperMetadata) : null;
  } catch {
    return null;
  }
}
