import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { compressResponse, compressResponses } from "./compress-responses";

const text = "<p>Some words of a page, again and again.</p>\n".repeat(200);
const request = (ae?: string, method = "GET") =>
  new Request("http://localhost/x", { method, headers: ae ? { "accept-encoding": ae } : {} });
const htmlResponse = (body: BodyInit | null, headers: Record<string, string> = {}, status = 200) =>
  new Response(body, {
    status,
    headers: { "content-type": "text/html; charset=utf-8", ...headers },
  });
const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer());

describe("compressing uncached responses", () => {
  it("compresses a body of declared length whole, with its new length", async () => {
    const body = Buffer.from(text);
    const res = await compressResponse(
      request("gzip"),
      htmlResponse(body, { "content-length": String(body.byteLength), etag: '"p1"' }),
      1024,
    );
    const out = await bytes(res);
    expect(res.headers.get("content-encoding")).toBe("gzip");
    expect(res.headers.get("content-length")).toBe(String(out.byteLength));
    expect(res.headers.get("etag")).toBe('"p1-gz"');
    expect(gunzipSync(out).toString()).toBe(text);
  });

  it("sends a reader's private page uncompressed when another site asked for it (BREACH)", async () => {
    const crossSite = (site: string) =>
      new Request("http://localhost/search?q=x", {
        headers: { "accept-encoding": "gzip, br", "sec-fetch-site": site },
      });
    const page = (cacheControl: string) => htmlResponse(text, { "cache-control": cacheControl });
    const exposed = await compressResponse(
      crossSite("cross-site"),
      page("private, no-store"),
      1024,
    );
    expect(exposed.headers.get("content-encoding")).toBeNull();
    expect((await bytes(exposed)).toString()).toBe(text);
    // The same page from this site, and a public page from anywhere, are compressed.
    const own = await compressResponse(crossSite("same-origin"), page("private, no-store"), 1024);
    expect(own.headers.get("content-encoding")).toBe("gzip");
    const open = await compressResponse(crossSite("cross-site"), page("public, no-cache"), 1024);
    expect(open.headers.get("content-encoding")).toBe("gzip");
  });

  it("compresses by Accept-Encoding, adds Vary and marks a strong ETag", async () => {
    const res = await compressResponse(
      request("gzip;q=0.5, br"),
      htmlResponse(text, { vary: "Cookie", etag: '"v1"' }),
      1024,
    );
    expect(res.headers.get("content-encoding")).toBe("br");
    expect(res.headers.get("vary")).toBe("Cookie, Accept-Encoding");
    expect(res.headers.get("etag")).toBe('"v1-br"');
    expect(brotliDecompressSync(await bytes(res)).toString()).toBe(text);

    // Equal q: gzip, the cheaper one per request (FLY_PREFERENCE).
    const tie = await compressResponse(request("br, gzip"), htmlResponse(text), 1024);
    expect(tie.headers.get("content-encoding")).toBe("gzip");
    expect(gunzipSync(await bytes(tie)).toString()).toBe(text);

    const gz = await compressResponse(
      request("gzip"),
      htmlResponse(text, { etag: 'W/"v1"' }),
      1024,
    );
    expect(gz.headers.get("etag")).toBe('W/"v1"');
    expect(gunzipSync(await bytes(gz)).toString()).toBe(text);
  });

  it("leaves alone what it must not or need not touch", async () => {
    const same = async (res: Response, ae = "br") => {
      const out = await compressResponse(request(ae), res, 1024);
      expect(out.headers.get("content-encoding")).toBe(res.headers.get("content-encoding"));
      return out;
    };
    await same(htmlResponse("short"));
    await same(htmlResponse(text, { "content-encoding": "gzip" }));
    await same(htmlResponse(text, { "cache-control": "no-transform" }));
    await same(htmlResponse(text, { vary: "Accept-Encoding" }));
    await same(htmlResponse(text, { "content-range": "bytes 0-9/100" }, 206));
    await same(htmlResponse(null, {}, 204));
    await same(htmlResponse(null, {}, 304));
    await same(new Response(text, { headers: { "content-type": "image/png" } }));
    const identity = await same(htmlResponse(text), "identity");
    expect(identity.headers.get("vary")).toBe("Accept-Encoding");
    expect((await bytes(identity)).toString()).toBe(text);
  });

  it("streams: answers before the body has ended, and decodes to every byte", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(encoder.encode(text));
        await gate;
        controller.enqueue(encoder.encode(text));
        controller.close();
      },
    });
    // Resolves while the second half is still held back: nothing waits for the whole body.
    const res = await compressResponse(request("br"), htmlResponse(body), 1024);
    expect(res.headers.get("content-encoding")).toBe("br");
    expect(res.headers.get("content-length")).toBeNull();
    release();
    expect(brotliDecompressSync(await bytes(res)).toString()).toBe(text + text);
  });

  it("cancels the route's stream when the client goes away", async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode(text));
      },
      cancel() {
        cancelled = true;
      },
    });
    const res = await compressResponse(request("gzip"), htmlResponse(body), 1024);
    const reader = res.body?.getReader();
    await reader?.read();
    await reader?.cancel();
    expect(cancelled).toBe(true);
  });

  it("answers HEAD with the headers GET would get, and no body", async () => {
    const seen: string[] = [];
    const fetch = compressResponses((req) => {
      seen.push(req.method);
      return htmlResponse(text);
    });
    const res = await fetch(request("br", "HEAD"));
    expect(seen).toEqual(["GET"]);
    expect(res.headers.get("content-encoding")).toBe("br");
    expect(res.body).toBeNull();
  });
});
