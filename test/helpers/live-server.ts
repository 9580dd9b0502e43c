import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createTestApp, type TestApp, type TestAppOptions } from "./test-app";

export interface LiveServer {
  url: string;
  t: TestApp;
  close(): Promise<void>;
}

/** The real app with demo content on a random loopback port, for browser tests. */
export async function startLiveServer(opts: TestAppOptions = {}): Promise<LiveServer> {
  const t = await createTestApp({ ...opts, demo: opts.demo ?? true });
  const server = serve({ fetch: t.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    t,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.close();
    },
  };
}
