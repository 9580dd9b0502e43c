// Wires the resolvers to one HTTP client and the configuration: what the app uses.

import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { arxivResolver } from "./arxiv.resolver";
import type { Clock } from "./clock";
import { crossrefResolver } from "./crossref.resolver";
import { dblpResolver } from "./dblp.resolver";
import { HttpClient } from "./http-client";
import { MetadataService } from "./metadata.service";
import { openReviewResolver } from "./openreview.resolver";
import { pubmedResolver } from "./pubmed.resolver";
import { type ResolverConfig, userAgent } from "./resolver-config";
import { semanticScholarResolver } from "./semantic-scholar.resolver";
import type { Resolver } from "./types";

/** Test seams: a virtual clock, a fetch that counts, a fixed jitter. */
export interface HttpSeams {
  clock?: Clock;
  fetch?: typeof fetch;
  random?: () => number;
}

export function createHttpClient(config: ResolverConfig, seams: HttpSeams = {}): HttpClient {
  return new HttpClient({
    userAgent: userAgent(config),
    offline: config.offline,
    timeoutMs: config.timeoutMs,
    ...seams,
  });
}

export function createResolvers(config: ResolverConfig, http: HttpClient): Resolver[] {
  const at = (service: keyof ResolverConfig["endpoints"]) => ({
    endpoint: config.endpoints[service].replace(/\/+$/, ""),
    minIntervalMs: config.minIntervalMs[service],
  });
  return [
    arxivResolver(http, at("arxiv")),
    crossrefResolver(http, at("crossref")),
    dblpResolver(http, at("dblp")),
    pubmedResolver(http, { ...at("pubmed"), contactEmail: config.contactEmail }),
    openReviewResolver(http, at("openreview")),
    semanticScholarResolver(http, { ...at("semanticScholar"), apiKey: config.semanticScholarKey }),
  ];
}

export function createMetadataService(
  db: Kysely<Database>,
  config: ResolverConfig,
  seams: HttpSeams & { now?: () => number } = {},
): MetadataService {
  const { now, ...httpSeams } = seams;
  const http = createHttpClient(config, httpSeams);
  const clock = seams.clock;
  return new MetadataService({
    db,
    resolvers: createResolvers(config, http),
    ttlDays: config.cacheTtlDays,
    now: now ?? (clock ? () => clock.now() : undefined),
  });
}
