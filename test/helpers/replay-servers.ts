import { afterEach } from "vitest";
import {
  type ReplayServer,
  type Reply,
  routes,
  startReplayServer,
} from "../fixtures/metadata/harness";

export type RouteTable = [RegExp, Reply | Reply[]][];

/**
 * Replay servers for a test file (test/fixtures/metadata/harness.ts): `serve(table)` starts one
 * answering by the routes table; all are closed, and `servers` emptied, after each test.
 */
export function replayServers(): {
  serve(table: RouteTable): Promise<ReplayServer>;
  servers: ReplayServer[];
} {
  const servers: ReplayServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  return {
    servers,
    async serve(table) {
      const server = await startReplayServer(routes(table));
      servers.push(server);
      return server;
    },
  };
}
