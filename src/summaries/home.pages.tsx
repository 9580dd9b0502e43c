import { Hono } from "hono";
import { cacheTag } from "../core/cache-tags";
import { invalid } from "../core/errors";
import { HOME_LIST_MAX_ITEMS } from "../core/limits";
import type { PageCtx } from "../core/page-context";
import type { AppEnv } from "../http/app-env";
import { type CachedQuery, pageNumber } from "../http/page-cache-keys";
import { declareCacheTags } from "../http/page-cache-tags";
import { pageCtx } from "../http/page-context";
import { pageParam } from "../http/params";
import { sendPage } from "../http/send-page";
import { isSection, SECTIONS } from "../papers/sections";
import { FeedLinks } from "../ui/feed-links";
import { Layout } from "../ui/layout";
import { Pagination } from "../ui/pagination";
import { getHomePage, type HomePage } from "./home-list.service";
import { SummaryCardView } from "./summary-card.view";
import type { HomeTab } from "./summary-view";

/** What the home tabs read from the query, for the page cache's keys: an unknown section is a 400. */
export const homeCacheQuery: CachedQuery = {
  path: /^\/(?:recent|best)?$/,
  params: { page: pageNumber, section: (value) => (isSection(value) ? value : null) },
};

const TABS: { tab: HomeTab; path: string; label: string }[] = [
  { tab: "popular", path: "/", label: "Popular" },
  { tab: "recent", path: "/recent", label: "Recent" },
  { tab: "best", path: "/best", label: "Best" },
];

function tabHref(path: string, section: string | null, page = 1): string {
  const params = new URLSearchParams();
  if (section) params.set("section", section);
  if (page > 1) params.set("page", String(page));
  const q = params.toString();
  return q ? `${path}?${q}` : path;
}

function HomeView(props: { home: HomePage; path: string; page: PageCtx }) {
  const { home } = props;
  const current = TABS.find((t) => t.tab === home.tab) ?? TABS[0];
  return (
    <Layout
      page={props.page}
      title="ShortScience"
      canonical={tabHref(props.path, home.section, home.page)}
      head={<FeedLinks path="/latest" title="ShortScience: the latest summaries" />}
    >
      <h1 class="visually-hidden">Summaries of research papers</h1>
      <nav class="tabs" aria-label="Order summaries by">
        {TABS.map((t) => (
          <a
            href={tabHref(t.path, home.section)}
            aria-current={t.tab === home.tab ? "page" : undefined}
          >
            {t.label}
          </a>
        ))}
      </nav>
      <nav class="sections" aria-label="Filter by field">
        <a
          href={tabHref(props.path, null)}
          aria-current={home.section === null ? "page" : undefined}
        >
          All fields
        </a>
        {Object.entries(SECTIONS).map(([key, label]) => (
          <a
            href={tabHref(props.path, key)}
            aria-current={home.section === key ? "page" : undefined}
          >
            {label}
          </a>
        ))}
      </nav>
      {home.summaries.length === 0 ? (
        <p class="empty">No summaries here yet.</p>
      ) : (
        <div class="cards">
          {home.summaries.map((card) => (
            <SummaryCardView card={card} />
          ))}
        </div>
      )}
      <Pagination
        page={home.page}
        pageCount={home.pageCount}
        href={(p) => tabHref(current?.path ?? "/", home.section, p)}
      />
      {home.capped && home.page === home.pageCount ? (
        <p class="list-end">
          The list stops here, after {HOME_LIST_MAX_ITEMS.toLocaleString("en")} summaries. The
          others are found by <a href="/search">search</a>, on their venue's page and on their
          authors' profiles.
        </p>
      ) : null}
    </Layout>
  );
}

export function homePages() {
  const app = new Hono<AppEnv>();
  for (const t of TABS) {
    app.get(t.path, async (c) => {
      const sectionParam = c.req.query("section");
      if (sectionParam !== undefined && !isSection(sectionParam)) throw invalid("Unknown field.");
      const home = await getHomePage(c.get("deps").db, {
        tab: t.tab,
        section: sectionParam ?? null,
        page: pageParam(c.req.query("page")),
      });
      // Every write to a summary, its score or comments stamps "home" (core/cache-tags.ts).
      declareCacheTags(c, [cacheTag.home]);
      return sendPage(c, HomeView({ home, path: t.path, page: pageCtx(c) }));
    });
  }
  return app;
}
