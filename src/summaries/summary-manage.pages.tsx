import { Hono } from "hono";
import type { AppEnv } from "../http/app-env";
import { noStore } from "../http/forms";
import type { CachedQuery, Canonical } from "../http/page-cache-keys";
import { pageCtx } from "../http/page-context";
import { idParam } from "../http/params";
import { formPage, ipOf, requireUser } from "../http/route-helpers";
import { sendPage } from "../http/send-page";
import { getHistoryPage } from "./summary-history.service";
import { HistoryView } from "./summary-history.view";
import {
  deleteSummary,
  findDeletedSummaryFor,
  getSummaryToDelete,
  paperPathOf,
  regenerateShareLink,
  restoreSummary,
} from "./summary-lifecycle.service";
import { DeleteConfirm, DeletedNotice } from "./summary-manage.view";
import { restoreRevision } from "./summary-restore.service";

// A summary's author (and admins, for delete and restore) manage it here: delete (soft) and
// restore, the private link, the history and the restore of an older revision. Every POST
// carries the form token (csrf.ts) and counts against the author's save limit.

/** A revision id as the history page reads it ("" absent; null refused: a 400, never stored). */
const revisionId: Canonical = (value) =>
  value === "" ? "" : /^\d{1,15}$/.test(value) ? String(Number(value)) : null;

/** What a summary's history page reads from the query, for the page cache's keys. */
export const historyCacheQuery: CachedQuery = {
  path: /^\/summary\/\d+\/history$/,
  params: { from: revisionId, to: revisionId },
};

export function summaryManagePages() {
  const app = new Hono<AppEnv>();

  app.get("/summary/:id/history", async (c) => {
    const id = idParam(c.req.param("id"), "summary");
    const history = await getHistoryPage(
      c.get("deps").db,
      c.get("user"),
      id,
      { from: c.req.query("from"), to: c.req.query("to") },
      ipOf(c),
    );
    // The author's page holds Restore forms (their token); a public history is the same for all.
    if (history.isAuthor) noStore(c);
    return sendPage(c, <HistoryView page={pageCtx(c)} history={history} />);
  });

  app.post("/summary/:id/history/:revision/restore", async (c) => {
    const id = idParam(c.req.param("id"), "summary");
    const revision = idParam(c.req.param("revision"), "revision");
    const { db, render } = c.get("deps");
    await restoreRevision(db, render, c.get("user"), id, revision);
    return c.redirect(`/summary/${id}/history`, 303);
  });

  app.get("/summary/:id/delete", async (c) => {
    const user = requireUser(c);
    const id = idParam(c.req.param("id"), "summary");
    const s = await getSummaryToDelete(c.get("deps").db, user, id);
    if (s.deletedAt) {
      // Deleted already (a second tab, the Back button): say so, with Restore.
      const deleted = await findDeletedSummaryFor(c.get("deps").db, user, id);
      if (deleted) {
        const notice = (
          <DeletedNotice deleted={deleted} csrf={user.csrfToken} restorable={deleted.restorable} />
        );
        return formPage(c, "Summary deleted", notice);
      }
    }
    return formPage(
      c,
      "Delete this summary?",
      <DeleteConfirm
        summaryId={s.id}
        paperTitle={s.paperTitle}
        paperPath={s.paperPath}
        csrf={user.csrfToken}
        byAdmin={s.byAdmin}
      />,
    );
  });

  app.post("/summary/:id/delete", async (c) => {
    const user = requireUser(c);
    const id = idParam(c.req.param("id"), "summary");
    const deleted = await deleteSummary(c.get("deps").db, user, id);
    // The author goes back to the paper, whose page says what was deleted and offers Restore;
    // an admin to the summary's own address, which does the same for them.
    return c.redirect(
      deleted.byAdmin ? `/summary/${id}` : `${deleted.paperPath}#your-summary`,
      303,
    );
  });

  app.post("/summary/:id/restore", async (c) => {
    const user = requireUser(c);
    const id = idParam(c.req.param("id"), "summary");
    const { db } = c.get("deps");
    const row = await restoreSummary(db, user, id);
    if (row.is_private === 1)
      return c.redirect(`${await paperPathOf(db, row.paper_id)}#your-summary`, 303);
    return c.redirect(`/summary/${id}`, 303);
  });

  app.post("/summary/:id/share-link", async (c) => {
    const user = requireUser(c);
    const id = idParam(c.req.param("id"), "summary");
    const { db } = c.get("deps");
    const row = await regenerateShareLink(db, user, id);
    return c.redirect(`${await paperPathOf(db, row.paper_id)}?link=new#your-summary`, 303);
  });

  return app;
}
