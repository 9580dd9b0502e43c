import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { PageStore, pageBytes } from "./page-cache-store";
import { answerFromPage, toCachedPage } from "./page-representations";

const html = `<!doctype html><main>${"<p>A paragraph of a summary.</p>".repeat(400)}</main>`;

const rendered = () =>
  new Response(html, {
    headers: {
      "content-type": "text/html; charset=utf-8",
      vary: "Cookie",
      "x-shortscience-paper": "7",
    },
  });

describe("a stored page's representations", () => {
  it("keeps identity, br and gzip, each with its headers, and no internal header", async () => {
    const page = await toCachedPage(rendered(), 3);
    const identity = Buffer.from(html);
    expect(Buffer.from(page.body).equals(identity)).toBe(true);
    expect(brotliDecompressSync(page.encoded.br?.body ?? new Uint8Array()).equals(identity)).toBe(
      true,
    );
    expect(gunzipSync(page.encoded.gzip?.body ?? new Uint8Array()).equals(identity)).toBe(true);
    for (const r of [page, page.encoded.br, page.encoded.gzip]) {
      expect(r?.headers["content-length"]).toBe(String(r?.body.byteLength));
      expect(r?.headers.vary).toBe("Accept-Encoding, Cookie");
      expect(r?.headers.etag).toBe(r?.etag);
      expect(r?.headers["x-shortscience-paper"]).toBeUndefined();
    }
    expect(page.encoded.br?.headers["content-encoding"]).toBe("br");
    expect(page.headers["content-encoding"]).toBeUndefined();
    expect(new Set([page.etag, page.encoded.br?.etag, page.encoded.gzip?.etag]).size).toBe(3);
    expect(page.viewPaperId).toBe(7);
  });

  it("counts every representation against the store's byte bound", async () => {
    const page = await toCachedPage(rendered(), 1);
    const identityOnly = pageBytes("/p", { ...page, encoded: {} });
    const coded =
      (page.encoded.br?.body.byteLength ?? 0) + (page.encoded.gzip?.body.byteLength ?? 0);
    expect(pageBytes("/p", page) - identityOnly).toBeGreaterThan(coded);
    // A bound that holds the identity bytes alone doesn't hold the page.
    const store = new PageStore({ maxBytes: identityOnly + 10, maxPageBytes: identityOnly + 10 });
    expect(store.set("/p", page)).toBe(false);
  });

  it("answers a 304 without the body's length or coding", async () => {
    const page = await toCachedPage(rendered(), 1);
    const req = new Request("http://localhost/p", {
      headers: { "accept-encoding": "br", "if-none-match": page.encoded.br?.etag ?? "" },
    });
    const res = answerFromPage(page, req);
    expect(res.status).toBe(304);
    expect(res.headers.get("etag")).toBe(page.encoded.br?.etag);
    expect(res.headers.get("content-encoding")).toBeNull();
    expect(res.headers.get("content-length")).toBeNull();
    expect(res.headers.get("vary")).toBe("Accept-Encoding, Cookie");
  });
});
