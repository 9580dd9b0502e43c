import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Hono } from "hono";
import type { AssetUrls } from "../core/page-context";
import { projectRoot } from "../core/paths";
import { answerAsset } from "./asset-encodings";

// Static files are few and small: read once into memory and served with long-lived
// caching; their URLs carry a content hash (site CSS) or the pinned KaTeX version.

interface Asset {
  body: Uint8Array;
  type: string;
  etag: string;
}

const TYPES: Record<string, string> = {
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

function typeOf(name: string): string {
  return TYPES[name.slice(name.lastIndexOf("."))] ?? "application/octet-stream";
}

function asset(body: Uint8Array, name: string): Asset {
  const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`;
  return { body, type: typeOf(name), etag };
}

export function loadAssets(): { routes: Hono; urls: AssetUrls } {
  const files = new Map<string, Asset>();
  const publicDir = join(projectRoot(), "public");
  for (const name of readdirSync(publicDir)) {
    files.set(`/assets/${name}`, asset(readFileSync(join(publicDir, name)), name));
  }
  const require = createRequire(import.meta.url);
  const katexCssPath = require.resolve("katex/dist/katex.min.css");
  const katexVersion = (require("katex/package.json") as { version: string }).version;
  const katexBase = `/assets/katex-${katexVersion}`;
  files.set(`${katexBase}/katex.min.css`, asset(readFileSync(katexCssPath), "katex.min.css"));
  const fontDir = join(dirname(katexCssPath), "fonts");
  for (const name of readdirSync(fontDir)) {
    files.set(`${katexBase}/fonts/${name}`, asset(readFileSync(join(fontDir, name)), name));
  }
  // The editor's live preview: src/render bundled for the browser by scripts/build.mjs. Without
  // the bundle (never built) the editor still works: its Preview button asks the server.
  const renderBundle = join(projectRoot(), "dist", "browser", "render.js");
  if (existsSync(renderBundle)) {
    files.set("/assets/render.js", asset(readFileSync(renderBundle), "render.js"));
  }
  const siteCss = files.get("/assets/site.css");
  const versioned = (name: string) =>
    `/assets/${name}?v=${files.get(`/assets/${name}`)?.etag.slice(1, 11) ?? "0"}`;
  const urls: AssetUrls = {
    siteCss: `/assets/site.css?v=${siteCss?.etag.slice(1, 11) ?? "0"}`,
    votesJs: versioned("votes.js"),
    copyLinkJs: versioned("copy-link.js"),
    editorScripts: files.has("/assets/render.js")
      ? [versioned("render.js"), versioned("editor.js")]
      : [],
    commentScripts: files.has("/assets/render.js")
      ? [versioned("render.js"), versioned("comments.js")]
      : [],
    katexCss: `${katexBase}/katex.min.css`,
    favicon: versioned("favicon.svg"),
  };

  const routes = new Hono();
  routes.get("/assets/*", (c) => {
    const file = files.get(c.req.path);
    if (!file) return c.notFound();
    // Text is compressed once, by Accept-Encoding, each coding with its ETag (asset-encodings.ts).
    return answerAsset(c.req.raw, file, { "Cache-Control": "public, max-age=31536000, immutable" });
  });
  // Browsers and feed readers ask for this fixed URL, whatever the page says: it can't carry
  // a version, so it is cached for a day, not forever.
  const ico = files.get("/assets/favicon.ico");
  routes.get("/favicon.ico", (c) => {
    if (!ico) return c.notFound();
    return answerAsset(c.req.raw, ico, { "Cache-Control": "public, max-age=86400" });
  });
  return { routes, urls };
}
