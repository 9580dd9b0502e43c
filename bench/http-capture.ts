// One answer of the app, as it went over the wire (node:http: no decompression, raw header
// order), written to disk for bench/plain-server.mjs to replay.
import http from "node:http";

export interface Capture {
  status: number;
  /** [name, value] in the app's order, hop-by-hop headers and Date left out. */
  headers: [string, string][];
  /** The app streamed the body (no Content-Length). */
  chunked: boolean;
  body: Buffer;
}

/** Hop-by-hop headers (node sets its own for the replay) and Date (node's, as for the app). */
const NOT_REPLAYED = new Set(["connection", "keep-alive", "transfer-encoding", "date"]);

export function capture(url: string, headers: Record<string, string>): Promise<Capture> {
  return new Promise<Capture>((resolve, reject) => {
    const req = http.get(url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const pairs: [string, string][] = [];
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
          const name = res.rawHeaders[i] as string;
          if (!NOT_REPLAYED.has(name.toLowerCase()))
            pairs.push([name, res.rawHeaders[i + 1] as string]);
        }
        resolve({
          status: res.statusCode ?? 0,
          headers: pairs,
          chunked: res.headers["content-length"] === undefined,
          body: Buffer.concat(chunks),
        });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}
