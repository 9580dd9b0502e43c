// Adding a paper as a browser does it: POST /papers, then the status page it redirects to,
// reloaded as its `refresh` says until the lookup settles; and an app whose metadata services
// live where a test says (replay servers, a closed port), over the test app's database.

import { createServer } from "node:net";
import { expect } from "vitest";
import { createApp } from "../../src/app";
import { createMetadataService } from "../../src/papers/resolvers/default-resolvers";
import { resolverConfig, type ServiceName } from "../../src/papers/resolvers/resolver-config";
import type { TestClient } from "./client";
import type { TestApp } from "./test-app";

export const REFRESH = /<meta http-equiv="refresh" content="0; url=([^"]+)"/;

/** The status page's answers, in order, ending with the first that is not the progress page. */
export async function fetchPaper(client: TestClient, identifier: string): Promise<Response[]> {
  const started = await client.post("/papers", { identifier });
  expect(started.status).toBe(303);
  let location = started.headers.get("Location") ?? "";
  expect(location).toMatch(/^\/papers\/new\/status\?id=/);
  const seen: Response[] = [];
  for (;;) {
    const res = await client.get(location);
    seen.push(res);
    const next = REFRESH.exec(await res.clone().text())?.[1];
    if (res.status !== 200 || !next) return seen;
    location = next.replaceAll("&amp;", "&");
  }
}

/** The last answer of fetchPaper. */
export async function settle(client: TestClient, identifier: string): Promise<Response> {
  const seen = await fetchPaper(client, identifier);
  return seen[seen.length - 1] as Response;
}

/**
 * The test app with its metadata services at `endpoints` (the rest at a closed port), no
 * politeness waits, each attempt limited to `timeoutMs`.
 */
export async function appWithServices(
  t: TestApp,
  endpoints: Partial<Record<ServiceName, string>>,
  timeoutMs = 5_000,
): Promise<{ app: TestApp; close(): Promise<void> }> {
  const base = resolverConfig(t.deps.config);
  const closed = `http://127.0.0.1:${await closedPort()}`;
  const names = Object.keys(base.endpoints) as ServiceName[];
  const metadata = createMetadataService(t.db, {
    ...base,
    offline: false,
    timeoutMs,
    endpoints: {
      ...(Object.fromEntries(names.map((n) => [n, `${closed}/${n}`])) as Record<
        ServiceName,
        string
      >),
      ...endpoints,
    },
    minIntervalMs: Object.fromEntries(names.map((n) => [n, 0])) as Record<ServiceName, number>,
  });
  const created = createApp({ ...t.deps, metadata }, { pageCacheRevalidateMs: 0 });
  return {
    app: { ...t, app: created.app, fetch: created.fetch, deps: { ...t.deps, metadata } },
    close: () => created.close(),
  };
}

/** A loopback port nothing listens on: connections to it are refused. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}
