import { execFile } from "node:child_process";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { serve } from "@hono/node-server";
import { loadConfig } from "../../src/core/config";
import type { HandEnteredCheck } from "../../src/papers/hand-entered.service";
import {
  DEFAULT_ENDPOINTS,
  type ResolverConfig,
  resolverConfig,
  type ServiceName,
} from "../../src/papers/resolvers/resolver-config";
import { fixture, type ReplayServer, startReplayServer } from "../fixtures/metadata/harness";

const ATOM = { "content-type": "application/atom+xml" };

/**
 * A replayed arXiv that knows the ids added to `knows` (answering with the confirmed paper's
 * record under that id) and answers every other id with an empty feed.
 */
export async function startKnowingArxiv(): Promise<{ server: ReplayServer; knows: Set<string> }> {
  const knows = new Set<string>();
  const server = await startReplayServer((request) => {
    const id = /id_list=([0-9.]+)/.exec(request.url)?.[1];
    if (id && knows.has(id)) {
      return {
        body: fixture("arxiv_hand_confirmed.xml").replaceAll("2101.00077", id),
        headers: ATOM,
      };
    }
    return { body: fixture("arxiv_empty.xml"), headers: ATOM };
  });
  return { server, knows };
}

/**
 * Metadata services for the hand-entered check: arXiv at a replay server, every other service
 * on that server too (never the real ones), no politeness waits.
 */
export function checkServices(arxivEndpoint: string): ResolverConfig {
  const names = Object.keys(DEFAULT_ENDPOINTS) as ServiceName[];
  const origin = new URL(arxivEndpoint).origin;
  const endpoints = Object.fromEntries(names.map((n) => [n, `${origin}/${n}`])) as Record<
    ServiceName,
    string
  >;
  const zero = Object.fromEntries(names.map((n) => [n, 0])) as Record<ServiceName, number>;
  return resolverConfig(loadConfig({}), {
    endpoints: { ...endpoints, arxiv: arxivEndpoint },
    minIntervalMs: zero,
  });
}

const run = promisify(execFile);

/** The check in its own OS process (its own database connection), as another app runs it. */
export async function checkInAnotherProcess(
  databaseUrl: string,
  arxivEndpoint: string,
  nowIso: string,
): Promise<HandEnteredCheck> {
  // Vitest sets BASE_URL="/" (Vite's) in its own environment: not ours to pass on.
  const { BASE_URL: _vite, ...env } = process.env;
  const script = "test/helpers/hand-entered-check.ts";
  const { stdout } = await run(
    process.execPath,
    ["--import", "tsx", script, databaseUrl, arxivEndpoint, nowIso],
    { env, timeout: 50_000 },
  );
  return JSON.parse(stdout) as HandEnteredCheck;
}

/** An app's fetch on a loopback port: requests from here arrive over real connections. */
export async function serveOverHttp(
  fetch: (req: Request) => Response | Promise<Response>,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = serve({ fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
