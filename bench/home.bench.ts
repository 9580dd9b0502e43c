// The home page's tabs at the search bench's scale (50,000 summaries over 1,000,000 papers),
// on the database that bench built: every tab × section × page once (distinct inputs, in a
// fixed order), through the service that serves the page (a count, the ids, the cards). Next
// to it, in the same run, the way the tabs read before partial indexes: a count joined to
// papers and an ORDER BY over every listed summary. On SQLite a read on the main handle holds
// the event loop, so its time is time no other request is served: each page is also read with
// every statement on the main handle, as before the costly ones moved to the read pool, and
// both report the longest the loop went without running a timer.
import { type Kysely, sql } from "kysely";
import { DomainError } from "../src/core/errors";
import { SITEMAP_PAGE_URLS } from "../src/core/limits";
import type { Db } from "../src/db/connect";
import type { Database } from "../src/db/schema";
import { countSitemapPages } from "../src/feeds/sitemap.service";
import { getHomePage } from "../src/summaries/home-list.service";
import { getLeaderboard, getReputationUntil } from "../src/users/reputation.service";
import { seededRandom } from "./arxiv-records";
import { pct } from "./percentile";

const VOTERS = 500;
const VOTES = 30_000;
const VIEWED_PAPERS = 10_000;
const DAY_MS = 86_400_000;

/**
 * Votes and paper views over the last 60 days, skewed so that a few summaries draw many:
 * the popular tab has thousands of summaries with points, some below zero. Added once: a
 * database that has votes already is left as it is.
 */
export async function addHomeActivity(db: Kysely<Database>): Promise<void> {
  const any = await db.selectFrom("votes").select("summary_id").limit(1).executeTakeFirst();
  if (any) return;
  const rand = seededRandom(7);
  const now = Date.now();
  const summaries = await db.selectFrom("summaries").select(["id", "paper_id"]).execute();
  await db.transaction().execute(async (trx) => {
    const voters: number[] = [];
    for (let i = 0; i < VOTERS; i++) {
      const row = await trx
        .insertInto("users")
        .values({
          username: `voter${i}`,
          username_key: `voter${i}`,
          display_name: `Voter ${i}`,
          bio: "",
          bio_html: "",
          orcid: null,
          email: null,
          role: "user",
          created_at: new Date(now).toISOString(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      voters.push(row.id);
    }
    const seen = new Set<string>();
    const votes: { summary_id: number; user_id: number; value: number; created_at: string }[] = [];
    while (votes.length < VOTES) {
      const summary = summaries[Math.floor(summaries.length * rand() ** 3)];
      const voter = voters[Math.floor(voters.length * rand())];
      if (!summary || voter === undefined || seen.has(`${summary.id}:${voter}`)) continue;
      seen.add(`${summary.id}:${voter}`);
      votes.push({
        summary_id: summary.id,
        user_id: voter,
        value: rand() < 0.85 ? 1 : -1,
        created_at: new Date(now - 60 * DAY_MS * rand()).toISOString(),
      });
    }
    for (let i = 0; i < votes.length; i += 500) {
      await trx
        .insertInto("votes")
        .values(votes.slice(i, i + 500))
        .execute();
    }
    await sql`update summaries set score = (select sum(v.value) from votes v
      where v.summary_id = summaries.id)
      where id in (select summary_id from votes)`.execute(trx);
    const views = new Map<string, { paper_id: number; day: string; views: number }>();
    for (let i = 0; i < VIEWED_PAPERS; i++) {
      const summary = summaries[Math.floor(summaries.length * rand())];
      if (!summary) continue;
      for (let d = 0; d < 5; d++) {
        const day = new Date(now - 60 * DAY_MS * rand()).toISOString().slice(0, 10);
        views.set(`${summary.paper_id}:${day}`, {
          paper_id: summary.paper_id,
          day,
          views: 1 + Math.floor(20 * rand()),
        });
      }
    }
    const rows = [...views.values()];
    for (let i = 0; i < rows.length; i += 500) {
      await trx
        .insertInto("paper_views")
        .values(rows.slice(i, i + 500))
        .execute();
    }
  });
}

export interface HomeFigures {
  /** Pages measured: tab × section × page, each once. */
  pages: number;
  p50: number;
  p95: number;
  max: number;
  /** The longest the event loop went without running a timer while a page was read. */
  loopHeldP95: number;
  loopHeldMax: number;
  /** The same pages with every read on the main handle (as before offLoop), in this run. */
  mainHandle: { p50: number; p95: number; max: number; loopHeldP95: number; loopHeldMax: number };
  /** The leaderboard's and sitemap's site-wide reads, served and on the main handle. */
  siteWide: { name: string; ms: number; loopHeld: number; mainMs: number; mainLoopHeld: number }[];
  /** The same count and popular first page read the former way, in this run. */
  formerCount: number;
  formerPopular: number;
}

/**
 * Runs `read`, timing it and the longest gap between ticks of a 1 ms timer meanwhile: how long
 * the event loop served nothing else. A read that holds the loop delays the tick past its end,
 * so the watch waits for one more tick before it stops.
 */
async function watched(read: () => Promise<unknown>): Promise<{ ms: number; loopHeld: number }> {
  let last = performance.now();
  let loopHeld = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    loopHeld = Math.max(loopHeld, now - last);
    last = now;
  }, 1);
  const t0 = performance.now();
  try {
    await read();
    const ms = performance.now() - t0;
    await new Promise((resolve) => setTimeout(resolve, 2));
    return { ms, loopHeld };
  } finally {
    clearInterval(ticker);
  }
}

/**
 * `read` as served (costly reads on SQLite's read pool) and on the main handle, as before the
 * pool took them: a transaction keeps every read on the caller's handle (offLoop). The one
 * read second finds the pages the first brought into the OS cache, so `mainFirst` alternates.
 */
async function servedAndMain(
  db: Kysely<Database>,
  read: (on: Kysely<Database>) => Promise<unknown>,
  mainFirst: boolean,
) {
  const onMain = () => watched(() => db.transaction().execute((trx) => read(trx)));
  const main = mainFirst ? await onMain() : null;
  const served = await watched(() => read(db));
  return { served, main: main ?? (await onMain()) };
}

/** The count and the popular order as the tabs read them before 2026-12-04. */
async function formerReads(db: Kysely<Database>): Promise<{ count: number; popular: number }> {
  const since = new Date(Date.now() - 30 * DAY_MS).toISOString();
  let t0 = performance.now();
  await sql`select count(*) as n from summaries s join papers p on p.id = s.paper_id
    where s.is_private = 0 and s.deleted_at is null and s.hidden_at is null`.execute(db);
  const count = performance.now() - t0;
  t0 = performance.now();
  await sql`select s.id from summaries s join papers p on p.id = s.paper_id
    where s.is_private = 0 and s.deleted_at is null and s.hidden_at is null
    order by (10 * coalesce((select sum(v.value) from votes v
        where v.summary_id = s.id and v.created_at >= ${since}), 0)
      + coalesce((select sum(pv.views) from paper_views pv
        where pv.paper_id = s.paper_id and pv.day >= ${since.slice(0, 10)}), 0)) desc,
      s.score desc, s.id desc
    limit 5`.execute(db);
  return { count, popular: performance.now() - t0 };
}

/** p50, p95 and max of the reads' times, and p95 and max of how long each held the loop. */
function figuresOf(watches: { ms: number; loopHeld: number }[]) {
  const times = watches.map((w) => w.ms);
  const held = watches.map((w) => w.loopHeld);
  return {
    p50: pct(times, 50),
    p95: pct(times, 95),
    max: Math.max(...times),
    loopHeldP95: pct(held, 95),
    loopHeldMax: Math.max(...held),
  };
}

/** Past a section's last page: not found (null). Any other error stops the bench. */
const orNotFound = (error: unknown) => {
  if (error instanceof DomainError && error.code === "not_found") return null;
  throw error;
};

async function measureSiteWide(db: Kysely<Database>): Promise<HomeFigures["siteWide"]> {
  // The build's one writer, of every generated summary (a tenth of them anonymous).
  const writer = await db
    .selectFrom("users")
    .select("id")
    .where("username", "=", "bench")
    .executeTakeFirstOrThrow();
  const reads: [string, (on: Kysely<Database>) => Promise<unknown>][] = [
    ["leaderboard page 1", (on) => getLeaderboard(on, 1)],
    [
      "profile reputation of the writer of every summary",
      (on) => getReputationUntil(on, writer.id),
    ],
    ...(["papers", "summaries", "users"] as const).map(
      (kind): [string, (on: Kysely<Database>) => Promise<unknown>] => [
        `sitemap ${kind} count`,
        (on) => countSitemapPages(on, kind, SITEMAP_PAGE_URLS),
      ],
    ),
  ];
  const figures: HomeFigures["siteWide"] = [];
  for (const [i, [name, read]] of reads.entries()) {
    const { served, main } = await servedAndMain(db, read, i % 2 === 1);
    figures.push({
      name,
      ms: served.ms,
      loopHeld: served.loopHeld,
      mainMs: main.ms,
      mainLoopHeld: main.loopHeld,
    });
  }
  return figures;
}

export async function measureHome(db: Db): Promise<HomeFigures> {
  const served: { ms: number; loopHeld: number }[] = [];
  const main: { ms: number; loopHeld: number }[] = [];
  for (const tab of ["popular", "best", "recent"] as const) {
    for (const section of [null, "cs", "physics", "q-fin"]) {
      for (const page of [1, 2, 20, 200]) {
        let found: unknown = null;
        const both = await servedAndMain(
          db.kysely,
          async (on) => {
            found = await getHomePage(on, { tab, section, page }).catch(orNotFound);
          },
          served.length % 2 === 1,
        );
        if (found || page === 1) {
          served.push(both.served);
          main.push(both.main);
        }
      }
    }
  }
  const siteWide = await measureSiteWide(db.kysely);
  const former = await formerReads(db.kysely);
  return {
    pages: served.length,
    ...figuresOf(served),
    mainHandle: figuresOf(main),
    siteWide,
    formerCount: former.count,
    formerPopular: former.popular,
  };
}

const ms = (n: number) => `${n.toFixed(1)} ms`;

export function reportHome(name: string, f: HomeFigures, line: (s: string) => void): void {
  line(
    `  home tabs (${f.pages} pages: popular/best/recent × all, cs, physics, q-fin × pages 1, 2, ` +
      `20, 200): p50 ${ms(f.p50)}, p95 ${ms(f.p95)}, max ${ms(f.max)}; event loop held ` +
      `p95 ${ms(f.loopHeldP95)}, max ${ms(f.loopHeldMax)}`,
  );
  const m = f.mainHandle;
  line(
    `    same pages, every read on the main handle: p50 ${ms(m.p50)}, p95 ${ms(m.p95)}, ` +
      `max ${ms(m.max)}; event loop held p95 ${ms(m.loopHeldP95)}, max ${ms(m.loopHeldMax)}`,
  );
  for (const w of f.siteWide) {
    line(
      `  ${w.name}: ${ms(w.ms)}, event loop held ${ms(w.loopHeld)}; on the main handle ` +
        `${ms(w.mainMs)}, held ${ms(w.mainLoopHeld)}`,
    );
  }
  line(
    `  ${name} home the former way: count ${f.formerCount.toFixed(0)} ms + popular page ` +
      `${f.formerPopular.toFixed(0)} ms`,
  );
}
