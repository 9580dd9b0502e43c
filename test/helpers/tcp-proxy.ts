import { createServer, type Server, type Socket, connect as tcpConnect } from "node:net";

/**
 * A loopback TCP proxy in front of a database server, to cut the connection the way an outage
 * does without stopping a server that other tests share.
 */
export interface TcpProxy {
  port: number;
  /** `url` (a postgres:// URL) pointed at the proxy instead of the server. */
  through(url: string): string;
  /** Stop listening (new connections are refused) and break every open one. */
  refuse(): Promise<void>;
  /** Listen again, but hold new connections without an answer; break the open ones. */
  blackhole(): Promise<void>;
  /**
   * Stop forwarding on the open connections without closing them, as a network that silently
   * drops packets does: what each side sends waits, unanswered, in the proxy. New connections
   * are held without an answer too, unless `newConnections: "forward"` (a firewall that forgot
   * the open connections but lets new ones through).
   */
  stall(opts?: { newConnections?: "hold" | "forward" }): void;
  /** Forward again: the stalled connections get what waited; held ones are broken. */
  resume(): void;
  /** Open connections being forwarded or stalled (not held), for tests to wait on. */
  readonly forwarded: number;
  /** Forward again, on the same port (breaks every open connection). */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: "forward" | "blackhole" = "forward";
  const open = new Set<Socket>();
  const pairs = new Set<{ client: Socket; upstream: Socket }>();
  const stalled = new Set<{ client: Socket; upstream: Socket }>();
  const track = (socket: Socket) => {
    open.add(socket);
    socket.on("close", () => open.delete(socket));
    socket.on("error", () => socket.destroy());
  };
  const onConnection = (client: Socket) => {
    track(client);
    if (mode === "blackhole") return;
    const upstream = tcpConnect(target.port, target.host);
    track(upstream);
    const pair = { client, upstream };
    pairs.add(pair);
    client.on("close", () => {
      pairs.delete(pair);
      stalled.delete(pair);
      upstream.destroy();
    });
    upstream.on("close", () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  };
  const forwardAgain = (pair: { client: Socket; upstream: Socket }) => {
    pair.client.pipe(pair.upstream);
    pair.upstream.pipe(pair.client);
  };

  let server: Server | null = null;
  let port = 0;
  const listen = async () => {
    const s = createServer(onConnection);
    await new Promise<void>((resolve, reject) => {
      s.once("error", reject);
      s.listen(port, "127.0.0.1", () => resolve());
    });
    const address = s.address();
    if (address && typeof address === "object") port = address.port;
    server = s;
  };
  const stopListening = async () => {
    const s = server;
    server = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  const breakOpen = async () => {
    const closing = [...open].map(
      (socket) => new Promise<void>((resolve) => socket.once("close", () => resolve())),
    );
    for (const socket of open) socket.destroy();
    await Promise.all(closing);
  };

  await listen();
  return {
    get port() {
      return port;
    },
    through(url) {
      const u = new URL(url);
      u.hostname = "127.0.0.1";
      u.port = String(port);
      return u.toString();
    },
    async refuse() {
      const stopped = stopListening();
      await breakOpen();
      await stopped;
    },
    async blackhole() {
      mode = "blackhole";
      await breakOpen();
      if (!server) await listen();
    },
    stall(opts = {}) {
      for (const pair of pairs) {
        if (stalled.has(pair)) continue;
        stalled.add(pair);
        pair.client.unpipe(pair.upstream);
        pair.upstream.unpipe(pair.client);
        pair.client.pause();
        pair.upstream.pause();
      }
      mode = opts.newConnections === "forward" ? "forward" : "blackhole";
    },
    resume() {
      mode = "forward";
      for (const pair of stalled) forwardAgain(pair);
      stalled.clear();
      for (const socket of open) {
        if (![...pairs].some((p) => p.client === socket || p.upstream === socket)) {
          socket.destroy();
        }
      }
    },
    get forwarded() {
      return pairs.size;
    },
    async restore() {
      stalled.clear();
      mode = "forward";
      await breakOpen();
      if (!server) await listen();
    },
    async close() {
      const stopped = stopListening();
      await breakOpen();
      await stopped;
    },
  };
}
