import { Hono } from "hono";
import { invalid } from "../core/errors";
import type { AppEnv } from "../http/app-env";
import type { CachedQuery } from "../http/page-cache-keys";
import { pageCtx } from "../http/page-context";
import { sendPage } from "../http/send-page";
import { FeedLinks } from "../ui/feed-links";
import { plural } from "../ui/format";
import { Layout } from "../ui/layout";
import { canonicalVenueKey } from "./venue-names";
import { getVenuePage, listVenues } from "./venues.service";

/**
 * What a venue page reads from the query, for the page cache's keys. An explicit year is kept
 * even when it is the venue's latest: that page names itself with `?year=` (its canonical
 * link), so it differs from the bare one.
 */
export const venueCacheQuery: CachedQuery = {
  path: /^\/venue\/[^/]+$/,
  params: { year: (value) => (value === "" ? "" : /^\d{4}$/.test(value) ? value : null) },
};

function yearParam(value: string | undefined): number | null {
  if (value === undefined || value === "") return null;
  if (!/^\d{4}$/.test(value)) throw invalid("The year must have four digits.");
  return Number(value);
}

function venueHref(key: string, year?: number | null): string {
  const base = `/venue/${encodeURIComponent(key)}`;
  return year ? `${base}?year=${year}` : base;
}

export function venuePages() {
  const app = new Hono<AppEnv>();

  app.get("/venues", async (c) => {
    const venues = await listVenues(c.get("deps").db);
    return sendPage(
      c,
      <Layout page={pageCtx(c)} title="Venues" canonical="/venues">
        <h1>Venues</h1>
        {venues.length === 0 ? <p class="empty">No venues have summaries yet.</p> : null}
        <ul class="venue-list">
          {venues.map((v) => (
            <li>
              <a href={venueHref(v.key)}>{v.name}</a>{" "}
              <span class="muted">{plural(v.papers, "paper")} with summaries</span>
            </li>
          ))}
        </ul>
      </Layout>,
    );
  });

  app.get("/venue/:key", async (c) => {
    // Any alias or spelling of a venue (`/venue/neurips`, `/venue/NIPS`) → its one address,
    // the query (`?year=`) kept.
    const key = canonicalVenueKey(c.req.param("key"));
    if (key !== c.req.param("key")) {
      const url = new URL(c.req.url);
      return c.redirect(`/venue/${encodeURIComponent(key)}${url.search}`, 301);
    }
    const venue = await getVenuePage(c.get("deps").db, key, yearParam(c.req.query("year")));
    const feedPath = `/venue/${encodeURIComponent(venue.key)}`;
    return sendPage(
      c,
      <Layout
        page={pageCtx(c)}
        title={venue.year ? `${venue.name} ${venue.year}` : venue.name}
        canonical={venueHref(venue.key, c.req.query("year") ? venue.year : null)}
        head={<FeedLinks path={feedPath} title={`Summaries of ${venue.name} papers`} />}
      >
        <h1>{venue.name}</h1>
        {venue.description ? <p>{venue.description}</p> : null}
        {venue.years.length > 0 ? (
          <nav class="tabs" aria-label="Years">
            {venue.years.map((y) => (
              <a
                href={venueHref(venue.key, y)}
                aria-current={y === venue.year ? "page" : undefined}
              >
                {y}
              </a>
            ))}
          </nav>
        ) : null}
        <ul class="paper-list">
          {venue.papers.map((p) => (
            <li>
              <a href={p.path}>{p.title}</a>{" "}
              <span class="muted">{plural(p.summaries, "summary", "summaries")}</span>
            </li>
          ))}
        </ul>
      </Layout>,
    );
  });

  // The original site's venue URL: /venue?key=K[&year=Y]
  app.get("/venue", (c) => {
    const key = c.req.query("key");
    if (!key) throw invalid("Which venue? The address needs a key.");
    return c.redirect(venueHref(canonicalVenueKey(key), yearParam(c.req.query("year"))), 301);
  });

  return app;
}
