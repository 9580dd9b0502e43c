// GET /search?q=…: the header box's target. An identifier or a paper's URL goes straight to
// the paper (or the page that adds it), as /lookup does; anything else is searched for.

import { type Context, Hono } from "hono";
import { RateLimitedError } from "../core/errors";
import { SEARCH_FEW_RESULTS } from "../core/limits";
import type { AppEnv } from "../http/app-env";
import { noStore } from "../http/forms";
import type { CachedQuery } from "../http/page-cache-keys";
import { pageCtx } from "../http/page-context";
import { ipOf } from "../http/route-helpers";
import { sendPage } from "../http/send-page";
import { consumeRateLimit } from "../ratelimit/rate-limit.service";
import { ExternalMatches } from "./external-matches.view";
import { type ExternalSearchDeps, searchExternal } from "./external-search.service";
import { identifierTarget, searchLocal } from "./search.service";
import { SearchView } from "./search.view";
import { readSearchParams, searchCacheParams } from "./search-params";

/** Every parameter /search reads, canonical, for the page cache's key. */
export const searchCacheQuery: CachedQuery = { path: /^\/search$/, params: searchCacheParams };

/**
 * What arXiv, Crossref and DBLP know by this title, or nothing once this client has asked
 * them too often (externalSearchPerIp): then the page has our results only, and isn't kept.
 */
async function offerExternal(c: Context<AppEnv>, external: ExternalSearchDeps, q: string) {
  try {
    await consumeRateLimit(c.get("deps").db, "externalSearchPerIp", ipOf(c));
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    noStore(c);
    return null;
  }
  const found = await searchExternal(external, q);
  // A service that didn't answer may answer the next reader: don't keep this page.
  if (found.unreachable.length > 0) noStore(c);
  const user = c.get("user");
  return <ExternalMatches result={found} csrf={user?.csrfToken ?? ""} loggedIn={user !== null} />;
}

/** `external`: the title search of arXiv, Crossref and DBLP, made once per process (app.ts). */
export function searchPages(external: ExternalSearchDeps | null = null) {
  const app = new Hono<AppEnv>();
  app.get("/search", async (c) => {
    const db = c.get("deps").db;
    const params = readSearchParams((name) => c.req.query(name));
    if (params.q === "")
      return sendPage(c, SearchView({ page: pageCtx(c), results: null, params }));
    const target = await identifierTarget(db, params.q);
    if (target) return c.redirect(target, 302);
    const results = await searchLocal(db, params, { client: ipOf(c), signal: c.req.raw.signal });
    // Few papers here: offer what the services know by that title (a paper to add).
    let offered = null;
    if (
      external &&
      params.kind === "papers" &&
      params.page === 1 &&
      results.papers.count < SEARCH_FEW_RESULTS
    ) {
      offered = await offerExternal(c, external, params.q);
    }
    return sendPage(c, SearchView({ page: pageCtx(c), results, params, external: offered }));
  });
  return app;
}
