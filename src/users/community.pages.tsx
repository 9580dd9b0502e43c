import { Hono } from "hono";
import { DomainError } from "../core/errors";
import type { AppEnv } from "../http/app-env";
import { type CachedQuery, pageNumber } from "../http/page-cache-keys";
import { declareCurrentUntil } from "../http/page-cache-tags";
import { pageCtx } from "../http/page-context";
import { pageParam } from "../http/params";
import { sendPage } from "../http/send-page";
import { randomPublicSummaryId } from "../summaries/summaries.service";
import { Layout } from "../ui/layout";
import { Pagination } from "../ui/pagination";
import { profilePath } from "./profile.view";
import { getLeaderboard } from "./reputation.service";

// Two of the original site's URLs: /users (the reputation leaderboard) and /random.

/** What /users reads from the query, for the page cache's keys. */
export const leaderboardCacheQuery: CachedQuery = {
  path: /^\/users$/,
  params: { page: pageNumber },
};

export function communityPages() {
  const app = new Hono<AppEnv>();

  app.get("/users", async (c) => {
    const board = await getLeaderboard(c.get("deps").db, pageParam(c.req.query("page")));
    // Rankings move with time alone, as votes age into reputations.
    declareCurrentUntil(c, board.currentUntil);
    const href = (p: number) => (p > 1 ? `/users?page=${p}` : "/users");
    return sendPage(
      c,
      <Layout page={pageCtx(c)} title="Users by reputation" canonical={href(board.page)}>
        <h1>Users by reputation</h1>
        <p class="muted">
          Reputation is the average net vote a user's public, signed summaries received, counting
          votes older than two days; summaries without such votes don't count.
        </p>
        {board.leaders.length === 0 ? (
          <p class="empty">No one has a reputation yet.</p>
        ) : (
          <table class="leaderboard">
            <thead>
              <tr>
                <th scope="col">Rank</th>
                <th scope="col">User</th>
                <th scope="col">Reputation</th>
                <th scope="col">Summaries counted</th>
              </tr>
            </thead>
            <tbody>
              {board.leaders.map((l) => (
                <tr>
                  <td>{l.rank}</td>
                  <td>
                    <a href={profilePath(l.username)}>{l.displayName}</a>
                  </td>
                  <td>{l.reputation}</td>
                  <td>{l.summaries}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pagination page={board.page} pageCount={board.pageCount} href={href} />
      </Layout>,
    );
  });

  // Never cached: each visit goes somewhere else. Only public summaries (an anonymous one's
  // permalink names no author); none at all is the 404 page.
  app.get("/random", async (c) => {
    const id = await randomPublicSummaryId(c.get("deps").db);
    if (id === null) throw new DomainError("not_found", "There are no public summaries yet.");
    c.header("Cache-Control", "no-store");
    return c.redirect(`/summary/${id}`, 302);
  });

  return app;
}
