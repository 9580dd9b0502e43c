// Test support for the resolver tests: resolver options built as the app builds them (through
// the one configuration schema), with every service pointed at a local replay server
// (test/helpers/replay-servers.ts; this file may not import test/, by the import rules).

import { loadConfig } from "../../core/config";
import { type ResolverConfig, resolverConfig, type ServiceName } from "./resolver-config";

/** Where each service lives on a replay server, unless a test says otherwise. */
const REPLAY_PATHS: Record<ServiceName, string> = {
  arxiv: "/arxiv",
  crossref: "/crossref",
  dblp: "/dblp",
  pubmed: "/eutils",
  semanticScholar: "/s2",
  openreview: "/openreview",
};

/** Every service at `base` followed by its path (REPLAY_PATHS, or `paths` where given). */
export function endpointsAt(
  base: string,
  paths: Partial<Record<ServiceName, string>> = {},
): Record<ServiceName, string> {
  const all = { ...REPLAY_PATHS, ...paths };
  return Object.fromEntries(
    Object.entries(all).map(([service, path]) => [service, `${base}${path}`]),
  ) as Record<ServiceName, string>;
}

/** The resolvers' options for the environment `env`, as the app reads it, with `overrides`. */
export function testResolverConfig(
  env: Record<string, string> = {},
  overrides: Partial<ResolverConfig> = {},
): ResolverConfig {
  return resolverConfig(loadConfig(env), overrides);
}
