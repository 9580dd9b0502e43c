// What the metadata resolvers need: the configuration's metadata settings plus the services'
// addresses and politeness. No environment is read here (core/config.ts does that).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../../core/config";
import * as limits from "../../core/limits";
import { projectRoot } from "../../core/paths";

export type ServiceName =
  | "arxiv"
  | "crossref"
  | "dblp"
  | "pubmed"
  | "semanticScholar"
  | "openreview";

export interface ResolverConfig {
  /** The operator's address, sent in the User-Agent so services can reach us. */
  contactEmail: string | null;
  /** This site's public URL, also in the User-Agent. */
  baseUrl: string;
  appVersion: string;
  /** METADATA_OFFLINE: no request leaves the server; lookups answer "unavailable". */
  offline: boolean;
  semanticScholarKey: string | null;
  timeoutMs: number;
  cacheTtlDays: { found: number; notFound: number };
  /** Where each service's API lives; tests point them at a local server. */
  endpoints: Record<ServiceName, string>;
  /** Politeness: minimum gap between two requests to each service. */
  minIntervalMs: Record<ServiceName, number>;
}

export const DEFAULT_ENDPOINTS: Record<ServiceName, string> = {
  arxiv: "https://export.arxiv.org/api/query",
  crossref: "https://api.crossref.org",
  dblp: "https://dblp.org",
  pubmed: "https://eutils.ncbi.nlm.nih.gov/entrez/eutils",
  semanticScholar: "https://api.semanticscholar.org/graph/v1",
  openreview: "https://api2.openreview.net",
};

export const DEFAULT_MIN_INTERVALS: Record<ServiceName, number> = {
  arxiv: limits.ARXIV_MIN_INTERVAL_MS,
  crossref: limits.DEFAULT_MIN_INTERVAL_MS,
  dblp: limits.DEFAULT_MIN_INTERVAL_MS,
  pubmed: limits.NCBI_MIN_INTERVAL_MS,
  semanticScholar: limits.DEFAULT_MIN_INTERVAL_MS,
  openreview: limits.DEFAULT_MIN_INTERVAL_MS,
};

/**
 * The resolvers' options from the configuration (core/config.ts reads and checks the
 * environment); `overrides` are for tests, which point the services at local servers.
 */
export function resolverConfig(
  config: Pick<Config, "baseUrl" | "metadata">,
  overrides: Partial<ResolverConfig> = {},
): ResolverConfig {
  const m = config.metadata;
  return {
    contactEmail: m.contactEmail,
    baseUrl: config.baseUrl,
    appVersion: overrides.appVersion ?? packageVersion(),
    offline: m.offline,
    semanticScholarKey: m.semanticScholarKey,
    timeoutMs: m.timeoutMs,
    cacheTtlDays: {
      found: limits.CACHE_TTL_FOUND_DAYS,
      notFound: limits.CACHE_TTL_NOT_FOUND_DAYS,
    },
    endpoints: { ...DEFAULT_ENDPOINTS },
    minIntervalMs: { ...DEFAULT_MIN_INTERVALS },
    ...overrides,
  };
}

/** `ShortScience/0.1.0 (+https://site; mailto:ops@site)`, as Crossref and arXiv ask. */
export function userAgent(config: ResolverConfig): string {
  const contact = config.contactEmail ? `; mailto:${config.contactEmail}` : "";
  return `ShortScience/${config.appVersion} (+${config.baseUrl}${contact})`;
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(projectRoot(), "package.json"), "utf8")) as {
      version?: unknown;
    };
    return typeof pkg.version === "string" ? pkg.version : "0";
  } catch {
    return "0";
  }
}
