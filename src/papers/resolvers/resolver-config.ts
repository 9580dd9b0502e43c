// What the metadata resolvers need from the environment, read once with zod. Kept apart from
// src/config.ts so the resolvers can be configured (and tested) on their own.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { parseEnv } from "../../core/config-error";
import { projectRoot } from "../../core/paths";
import * as limits from "./limits";

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

const flag = z
  .string()
  .transform((v) => v.toLowerCase())
  .pipe(z.enum(["0", "1", "true", "false"]))
  .transform((v) => v === "1" || v === "true");

const schema = z.object({
  METADATA_CONTACT_EMAIL: z.email().optional(),
  METADATA_OFFLINE: flag.optional(),
  SEMANTIC_SCHOLAR_API_KEY: z.string().trim().min(1).optional(),
  METADATA_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(limits.HTTP_TIMEOUT_MIN_MS)
    .max(limits.HTTP_TIMEOUT_MAX_MS)
    .optional(),
  BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
});

/** Reads the environment; a bad value throws a ConfigError naming the variable. */
export function resolverConfigFromEnv(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<ResolverConfig> = {},
): ResolverConfig {
  const e = parseEnv(schema, env);
  return {
    contactEmail: e.METADATA_CONTACT_EMAIL ?? null,
    baseUrl: (e.BASE_URL ?? "http://localhost:3000").replace(/\/+$/, ""),
    appVersion: overrides.appVersion ?? packageVersion(),
    offline: e.METADATA_OFFLINE ?? false,
    semanticScholarKey: e.SEMANTIC_SCHOLAR_API_KEY ?? null,
    timeoutMs: e.METADATA_TIMEOUT_MS ?? limits.HTTP_TIMEOUT_MS,
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
