import http from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";

type Fetch = (req: Request) => Response | Promise<Response>;

/** Serves a fetch function on a random loopback port, as `shortscience serve` does. */
export async function serveFetch(fetch: Fetch): Promise<{ url: string; close(): Promise<void> }> {
  const server = serve({ fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        if ("closeAllConnections" in server) server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The first 1 MB of the body. */
  body: string;
  /** Body bytes the client had written when the response's headers arrived. */
  sentWhenAnswered: number;
}

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Streams this many bytes of `fill` without a Content-Length (chunked), respecting backpressure. */
  streamBytes?: number;
  fill?: Uint8Array;
}

/**
 * One request on its own connection (an agent of its own). It asks for keep-alive as browsers
 * do: a client that says "Connection: close" gets its socket closed right after the answer,
 * and if it is still sending, the reset can destroy the answer before it is read. A streamed
 * body stops being written as soon as the answer arrives; the server cutting the connection
 * after answering is expected then, not an error.
 */
export function rawRequest(baseUrl: string, r: RawRequest): Promise<RawResponse> {
  const url = new URL(r.path, baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return new Promise<RawResponse>((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: r.path,
        method: r.method ?? "GET",
        headers: r.headers,
        agent,
      },
      (res) => {
        answered = true;
        const sentWhenAnswered = sent;
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          if (size < 1_000_000) chunks.push(chunk);
          size += chunk.length;
        });
        const done = () => {
          // A streamed body left unfinished: nothing more to say on this connection.
          req.destroy();
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString("utf8"),
            sentWhenAnswered,
          });
        };
        res.on("end", done);
        res.on("error", done);
      },
    );
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    if (r.streamBytes === undefined) {
      req.end(r.body);
      return;
    }
    const fill = r.fill ?? new Uint8Array(64 * 1024).fill(0x61);
    const total = r.streamBytes;
    const pump = () => {
      while (!answered && !req.destroyed && sent < total) {
        const chunk = fill.subarray(0, Math.min(fill.length, total - sent));
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered && sent >= total) req.end();
    };
    pump();
  }).finally(() => agent.destroy());
}
