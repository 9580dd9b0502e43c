// /sitemap.xml (a sitemap index), its pages /sitemap-static.xml and
// /sitemap-{papers|summaries|users}-N.xml, and /robots.txt.
//
// Papers are listed only when they have a listed summary: an imported paper without one is a
// copy of its arXiv or DBLP record (thin, duplicate content search engines penalise), and the
// original's sitemap listed the same set ("public paperids"). A page holds at most 50,000
// URLs (the sitemaps.org limit) and is streamed: each keyset batch of rows is written and
// sent before the next is read, so memory stays one batch whatever the page size. Sitemaps
// are never put in the page cache (which would buffer them): they are cheap to stream.

import { Hono } from "hono";
import { notFound } from "../core/errors";
import { FEED_READ_BATCH, PAGE_READ_DEADLINE_MS, SITEMAP_PAGE_URLS } from "../core/limits";
import type { AppEnv } from "../http/app-env";
import { listVenues } from "../papers/venues.service";
import {
  countSitemapPages,
  SITEMAP_KINDS,
  SITEMAP_NS,
  type SitemapKind,
  sitemapPageStart,
  urlset,
} from "./sitemap.service";
import { textStream } from "./text-stream";
import { absoluteUrl, xmlText } from "./xml";

export interface SitemapOptions {
  /** URLs per sitemap page (tests set a few to see the split); at most 50,000. */
  pageSize?: number;
  /** Rows per query while a page streams. */
  batchSize?: number;
}

const XML_TYPE = "application/xml; charset=utf-8";
const STATIC_PATHS = ["/", "/recent", "/best", "/users", "/venues", "/about", "/help/writing"];
const PAGE_FILE = /^sitemap-(papers|summaries|users)-([1-9][0-9]{0,8})\.xml$/;

/** Disallowed: account, settings, moderation, writing forms, private links, internal search. */
const ROBOTS_DISALLOW = [
  "/login",
  "/logout",
  "/signup",
  "/reset",
  "/verify/",
  "/auth/",
  "/settings",
  "/notifications",
  "/unsubscribe",
  "/moderation",
  "/report/",
  "/lookup",
  "/papers/new",
  "/papers/manual",
  "/paper/*/write",
  "/summary/*/share-link",
  "/user/*/private",
  "/user/*/export",
  "/shared/",
  "/api/",
  "/search",
  "/random",
];

export function robotsTxt(baseUrl: string): string {
  return [
    "User-agent: *",
    "Allow: /",
    ...ROBOTS_DISALLOW.map((p) => `Disallow: ${p}`),
    "",
    `Sitemap: ${absoluteUrl(baseUrl, "/sitemap.xml")}`,
    "",
  ].join("\n");
}

export function sitemapPages(opts: SitemapOptions = {}) {
  const pageSize = Math.min(opts.pageSize ?? SITEMAP_PAGE_URLS, SITEMAP_PAGE_URLS);
  const batchSize = opts.batchSize ?? FEED_READ_BATCH;
  const app = new Hono<AppEnv>();

  app.get("/robots.txt", (c) => c.text(robotsTxt(c.get("deps").config.baseUrl)));

  app.get("/sitemap.xml", async (c) => {
    const { db, config } = c.get("deps");
    const loc = (path: string) =>
      `<sitemap><loc>${xmlText(absoluteUrl(config.baseUrl, path))}</loc></sitemap>\n`;
    const parts = [
      `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="${SITEMAP_NS}">\n`,
    ];
    parts.push(loc("/sitemap-static.xml"));
    const deadline = Date.now() + PAGE_READ_DEADLINE_MS;
    for (const kind of SITEMAP_KINDS) {
      const pages = await countSitemapPages(db, kind, pageSize, deadline);
      for (let n = 1; n <= pages; n++) parts.push(loc(`/sitemap-${kind}-${n}.xml`));
    }
    parts.push("</sitemapindex>\n");
    return c.body(parts.join(""), 200, { "Content-Type": XML_TYPE });
  });

  app.get("/sitemap-static.xml", async (c) => {
    const { db, config } = c.get("deps");
    const venues = await listVenues(db);
    const paths = [...STATIC_PATHS, ...venues.map((v) => `/venue/${encodeURIComponent(v.key)}`)];
    const body = [
      `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="${SITEMAP_NS}">\n`,
      ...paths.map((p) => `<url><loc>${xmlText(absoluteUrl(config.baseUrl, p))}</loc></url>\n`),
      "</urlset>\n",
    ].join("");
    return c.body(body, 200, { "Content-Type": XML_TYPE });
  });

  app.get("/:file{sitemap-[a-z]+-[0-9]+\\.xml}", async (c) => {
    const match = PAGE_FILE.exec(c.req.param("file"));
    if (!match) throw notFound("That sitemap page");
    const kind = match[1] as SitemapKind;
    const { db, config } = c.get("deps");
    const first = await sitemapPageStart(db, kind, Number(match[2]), pageSize);
    if (first === null) throw notFound("That sitemap page");
    const chunks = urlset(db, config.baseUrl, kind, first, pageSize, batchSize);
    return c.body(textStream(chunks), 200, { "Content-Type": XML_TYPE });
  });
  return app;
}
