// Compressed bytes (issue 12, point 4) over real HTTP: stored pages are kept compressed once
// (brotli and gzip) and chosen by Accept-Encoding, each with its own ETag; everything else
// worth it is compressed on the fly. Every body is decoded with zlib and compared to the
// identity bytes.
import http from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePaper, makeSummary, makeUser } from "../helpers/factories";
import { serveFetch } from "../helpers/raw-http";
import { cookieHeader, sessionClient } from "../helpers/sessions";
import { createTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
let server: { url: string; close(): Promise<void> };
let paperPath = "";

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  server = await serveFetch(t.fetch);
  const home = (await get("/")).body.toString("utf8");
  paperPath = /href="(\/paper\/arxiv\/[^"]+)"/.exec(home)?.[1] ?? "";
  expect(paperPath).not.toBe("");
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The bytes as they came over the wire. */
  body: Buffer;
}

/** One request with exactly these headers (node adds no Accept-Encoding of its own). */
function get(path: string, headers: Record<string, string> = {}, method = "GET"): Promise<Reply> {
  const url = new URL(path, server.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path, method, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end();
  });
}

function decoded(r: Reply): Buffer {
  const coding = r.headers["content-encoding"];
  if (coding === "br") return brotliDecompressSync(r.body);
  if (coding === "gzip") return gunzipSync(r.body);
  expect(coding).toBeUndefined();
  return r.body;
}

const varyNames = (r: Reply) =>
  String(r.headers.vary ?? "")
    .split(",")
    .map((v) => v.trim().toLowerCase());

describe("stored pages, compressed once", () => {
  it("serves identity, gzip and br of one page, each its own representation", async () => {
    t.pageCache.clear();
    // A miss first, asked for br: the page is compressed before it is stored and answered.
    const miss = await get(paperPath, { "accept-encoding": "br" });
    expect(miss.headers["content-encoding"]).toBe("br");
    const identity = await get(paperPath);
    const gzip = await get(paperPath, { "accept-encoding": "gzip" });
    const br = await get(paperPath, { "accept-encoding": "gzip, deflate, br, zstd" });
    expect(t.pageCache.stats().entries).toBe(1);

    expect(identity.headers["content-encoding"]).toBeUndefined();
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(br.headers["content-encoding"]).toBe("br");
    for (const r of [identity, gzip, br, miss]) {
      expect(r.status).toBe(200);
      expect(decoded(r).equals(identity.body)).toBe(true);
      expect(Number(r.headers["content-length"])).toBe(r.body.byteLength);
      expect(varyNames(r)).toEqual(expect.arrayContaining(["accept-encoding", "cookie"]));
      expect(r.headers["cache-control"]).toBe("public, no-cache");
    }
    expect(br.body.byteLength).toBeLessThan(gzip.body.byteLength);
    expect(gzip.body.byteLength).toBeLessThan(identity.body.byteLength / 4);

    const etag = String(identity.headers.etag);
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(gzip.headers.etag).toBe(`${etag.slice(0, -1)}-gz"`);
    expect(br.headers.etag).toBe(`${etag.slice(0, -1)}-br"`);
    expect(miss.headers.etag).toBe(br.headers.etag);
  });

  it("keeps the home page well under 30 KB on the wire, and prints the sizes", async () => {
    const sizes: Record<string, Record<string, number>> = {};
    for (const [name, path] of [
      ["home", "/"],
      ["paper", paperPath],
    ] as const) {
      sizes[name] = {};
      for (const coding of ["identity", "gzip", "br"]) {
        const r = await get(path, coding === "identity" ? {} : { "accept-encoding": coding });
        (sizes[name] as Record<string, number>)[coding] = r.body.byteLength;
      }
    }
    console.log("bytes on the wire:", JSON.stringify(sizes));
    expect(sizes.home?.br).toBeLessThan(30 * 1024);
    expect(sizes.home?.gzip).toBeLessThan(30 * 1024);
  });

  it("follows q-values", async () => {
    const coding = async (ae: string) =>
      (await get(paperPath, { "accept-encoding": ae })).headers["content-encoding"] ?? "identity";
    expect(await coding("br;q=0, gzip")).toBe("gzip");
    expect(await coding("gzip;q=1, br;q=0.5")).toBe("gzip");
    expect(await coding("*")).toBe("br");
    expect(await coding("br;q=0, *;q=0.1")).toBe("gzip");
    expect(await coding("identity;q=0, gzip")).toBe("gzip");
    expect(await coding("gzip;q=0, br;q=0")).toBe("identity");
    expect(await coding("")).toBe("identity");
    expect(await coding("deflate")).toBe("identity");
  });

  it("answers 304 per representation, with its ETag and Vary", async () => {
    const br = await get(paperPath, { "accept-encoding": "br" });
    const gzip = await get(paperPath, { "accept-encoding": "gzip" });
    const identity = await get(paperPath);
    const brTag = String(br.headers.etag);

    const again = await get(paperPath, { "accept-encoding": "br", "if-none-match": brTag });
    expect(again.status).toBe(304);
    expect(again.body.byteLength).toBe(0);
    expect(again.headers.etag).toBe(brTag);
    expect(varyNames(again)).toEqual(expect.arrayContaining(["accept-encoding", "cookie"]));

    // Any tag of a list, W/ or not, and `*`.
    const listed = `"nope", W/${brTag}, ${String(identity.headers.etag)}`;
    expect(
      (await get(paperPath, { "accept-encoding": "br", "if-none-match": listed })).status,
    ).toBe(304);
    expect((await get(paperPath, { "accept-encoding": "gzip", "if-none-match": "*" })).status).toBe(
      304,
    );
    // A tag of another representation than the one this request gets: the full answer.
    const other = await get(paperPath, { "accept-encoding": "gzip", "if-none-match": brTag });
    expect(other.status).toBe(200);
    expect(other.headers.etag).toBe(gzip.headers.etag);
    expect(decoded(other).equals(identity.body)).toBe(true);
    const plain = await get(paperPath, { "if-none-match": String(identity.headers.etag) });
    expect(plain.status).toBe(304);
    expect(plain.headers.etag).toBe(identity.headers.etag);
  });

  it("answers HEAD with GET's headers and no body", async () => {
    const getBr = await get(paperPath, { "accept-encoding": "br" });
    const head = await get(paperPath, { "accept-encoding": "br" }, "HEAD");
    expect(head.status).toBe(200);
    expect(head.body.byteLength).toBe(0);
    for (const name of ["content-encoding", "etag", "content-length", "vary", "content-type"]) {
      expect(head.headers[name], name).toBe(getBr.headers[name]);
    }
  });

  it("gives every concurrent request for a page being stored whole, correct bytes", async () => {
    t.pageCache.clear();
    const codings = ["br", "gzip", "", "br, gzip", "gzip;q=0.5, br;q=0.1", ""];
    const replies = await Promise.all(
      [...codings, ...codings].map((ae) => get("/", ae ? { "accept-encoding": ae } : {})),
    );
    const identity = replies.find((r) => r.headers["content-encoding"] === undefined);
    expect(identity).toBeDefined();
    for (const r of replies) {
      expect(r.status).toBe(200);
      expect(decoded(r).toString("utf8")).toBe(identity?.body.toString("utf8"));
      expect(Number(r.headers["content-length"])).toBe(r.body.byteLength);
    }
    expect(t.pageCache.stats().entries).toBe(1);
    // What is stored now answers as the racers were answered.
    const hit = await get("/", { "accept-encoding": "br" });
    expect(replies.map((r) => r.headers.etag)).toContain(hit.headers.etag);
  });
});

describe("responses compressed on the fly", () => {
  it("compresses a logged-in page, which is never stored", async () => {
    const { client } = await sessionClient(t);
    const cookie = cookieHeader(client);
    const plain = await get(paperPath, { cookie });
    const br = await get(paperPath, { cookie, "accept-encoding": "br" });
    const gzip = await get(paperPath, { cookie, "accept-encoding": "gzip" });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(br.headers["content-encoding"]).toBe("br");
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    for (const r of [plain, br, gzip]) {
      expect(r.status).toBe(200);
      expect(r.headers["cache-control"]).toBe("private, no-store");
      expect(varyNames(r)).toEqual(expect.arrayContaining(["accept-encoding", "cookie"]));
      // The same page for this reader, save its per-request form tokens.
      const text = decoded(r).toString("utf8");
      expect(text).toContain("</html>");
      expect(text.length).toBeGreaterThan(plain.body.byteLength * 0.95);
    }
    expect(br.body.byteLength).toBeLessThan(plain.body.byteLength / 4);
    // A browser takes both: on the fly, gzip is the cheaper of the two (page-encodings.ts).
    const browser = await get(paperPath, { cookie, "accept-encoding": "gzip, deflate, br, zstd" });
    expect(browser.headers["content-encoding"]).toBe("gzip");
    expect(decoded(browser).toString("utf8")).toContain("</html>");
    // Stored pages, compressed once, still prefer br.
    const anonymous = await get(paperPath, { "accept-encoding": "gzip, deflate, br, zstd" });
    expect(anonymous.headers["content-encoding"]).toBe("br");
  });

  it("leaves a small response as it is", async () => {
    const small = await get("/robots.txt", { "accept-encoding": "br, gzip" });
    expect(small.status).toBe(200);
    expect(small.body.byteLength).toBeLessThan(1024);
    expect(small.headers["content-encoding"]).toBeUndefined();
    expect(small.body.toString("utf8")).toContain("Sitemap:");
  });

  it("compresses API JSON, whose Vary keeps its own names", async () => {
    const plain = await get("/api/v1/papers");
    const br = await get("/api/v1/papers", { "accept-encoding": "br" });
    expect(plain.status).toBe(200);
    expect(plain.body.byteLength).toBeGreaterThan(1024);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(String(br.headers["content-type"])).toContain("application/json");
    expect(JSON.parse(decoded(br).toString("utf8"))).toEqual(
      JSON.parse(plain.body.toString("utf8")),
    );
    expect(varyNames(br)).toContain("accept-encoding");
  });

  it("still streams rss-all.xml and the sitemaps, compressed, to the same bytes", async () => {
    // Enough summaries that a sitemap page passes the threshold.
    const author = await makeUser(t.db);
    for (let i = 0; i < 25; i++) await makeSummary(t.db, (await makePaper(t.db)).id, author.id);
    const index = (await get("/sitemap.xml")).body.toString("utf8");
    const pages = [...index.matchAll(/(\/sitemap-[a-z]+-\d+\.xml)</g)].map((m) => m[1] ?? "");
    const sized = await Promise.all(pages.map(async (p) => ({ p, n: (await get(p)).body.length })));
    const sitemap = sized.sort((a, b) => b.n - a.n)[0];
    // Big enough to compress: a streamed page of the sitemap.
    expect(sitemap?.n).toBeGreaterThan(1024);
    for (const path of ["/rss-all.xml", sitemap?.p ?? ""]) {
      const plain = await get(path);
      const gzip = await get(path, { "accept-encoding": "gzip" });
      const br = await get(path, { "accept-encoding": "br" });
      expect(plain.status, path).toBe(200);
      expect(gzip.headers["content-encoding"], path).toBe("gzip");
      expect(br.headers["content-encoding"], path).toBe("br");
      // The time the feed was made may move by a second between two requests.
      const body = (r: Reply) =>
        decoded(r)
          .toString("utf8")
          .replace(/<lastBuildDate>[^<]*<\/lastBuildDate>/g, "");
      expect(body(gzip), path).toBe(body(plain));
      expect(body(br), path).toBe(body(plain));
    }
    const streamed = await get("/rss-all.xml", { "accept-encoding": "br" });
    // No length up front: the body is compressed as it is written, not buffered first.
    expect(streamed.headers["content-length"]).toBeUndefined();
    expect(streamed.headers["transfer-encoding"]).toBe("chunked");
    // Its weak ETag still names the content: the route's own 304 keeps working.
    const etag = String(streamed.headers.etag);
    expect(etag.startsWith("W/")).toBe(true);
    const again = await get("/rss-all.xml", { "accept-encoding": "br", "if-none-match": etag });
    expect(again.status).toBe(304);
  });

  it("compresses static assets and marks their ETag per coding", async () => {
    const home = (await get("/")).body.toString("utf8");
    const css = /href="(\/assets\/site\.css\?v=[^"]+)"/.exec(home)?.[1] ?? "";
    const plain = await get(css);
    const br = await get(css, { "accept-encoding": "br" });
    expect(br.headers["content-encoding"]).toBe("br");
    expect(decoded(br).equals(plain.body)).toBe(true);
    expect(br.headers.etag).toBe(`${String(plain.headers.etag).slice(0, -1)}-br"`);
    expect(varyNames(br)).toContain("accept-encoding");
    expect(Number(br.headers["content-length"])).toBe(br.body.byteLength);
    const gzip = await get(css, { "accept-encoding": "gzip" });
    expect(decoded(gzip).equals(plain.body)).toBe(true);
    const etag = String(br.headers.etag);
    expect((await get(css, { "accept-encoding": "br", "if-none-match": etag })).status).toBe(304);
    expect((await get(css, { "accept-encoding": "gzip", "if-none-match": etag })).status).toBe(200);
    expect((await get(css, { "if-none-match": String(plain.headers.etag) })).status).toBe(304);
    // Fonts are compressed already: left alone.
    const font = /url\(([^)]+\.woff2)\)/.exec(
      (await get(/href="(\/assets\/katex[^"]+)"/.exec(home)?.[1] ?? "")).body.toString("utf8"),
    );
    // The stylesheet names its fonts, and the page names the stylesheet's folder: both must be
    // found, or the check below would be skipped without a word.
    expect(font?.[1]).toMatch(/\.woff2$/);
    const katexBase = /href="(\/assets\/katex-[^/]+)\//.exec(home)?.[1];
    expect(katexBase).toMatch(/^\/assets\/katex-/);
    const woff = await get(`${katexBase}/${font?.[1]}`, { "accept-encoding": "br" });
    expect(woff.status).toBe(200);
    expect(woff.headers["content-type"]).toMatch(/font\/woff2/);
    expect(woff.headers["content-encoding"]).toBeUndefined();
  });
});
