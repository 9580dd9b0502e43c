import type { Kysely } from "kysely";
import { listStaleComments, updateCommentHtml } from "../comments/comments.repo";
import { writeVisible } from "../db/content-version";
import type { Database } from "../db/schema";
import { RENDERER_VERSION } from "../render";
import { listUsersForBioRerender, updateUserBioHtml } from "../users/users.repo";
import type { RenderFn } from "./render-fn";
import { renderOrRefuse } from "./summaries.service";
import { listStaleSummaries, updateSummaryHtml } from "./summaries.write.repo";

const BATCH = 200;

export interface RerenderReport {
  summaries: number;
  comments: number;
  /** Texts that could not be rendered in time; they keep their old HTML. */
  failed: { kind: "summary" | "comment" | "bio"; id: number; message: string }[];
}

/** Re-renders every summary and comment stored by an older renderer version. */
export async function rerenderAll(
  db: Kysely<Database>,
  render: RenderFn,
  onProgress: (done: number) => void = () => {},
): Promise<RerenderReport> {
  const report: RerenderReport = { summaries: 0, comments: 0, failed: [] };
  let afterId = 0;
  for (;;) {
    const batch = await listStaleSummaries(db, RENDERER_VERSION, afterId, BATCH);
    if (batch.length === 0) break;
    for (const s of batch) {
      afterId = s.id;
      try {
        const r = await renderOrRefuse(render, s.source);
        await updateSummaryHtml(db, s.id, {
          html: r.html,
          rendererVersion: RENDERER_VERSION,
          mathCount: r.mathCount,
          mathErrors: r.mathErrors.length,
        });
        report.summaries++;
      } catch (error) {
        report.failed.push({ kind: "summary", id: s.id, message: (error as Error).message });
      }
    }
    onProgress(report.summaries);
  }
  afterId = 0;
  for (;;) {
    const batch = await listStaleComments(db, RENDERER_VERSION, afterId, BATCH);
    if (batch.length === 0) break;
    for (const c of batch) {
      afterId = c.id;
      try {
        const r = await renderOrRefuse(render, c.source);
        await updateCommentHtml(db, c.id, r.html, RENDERER_VERSION);
        report.comments++;
      } catch (error) {
        report.failed.push({ kind: "comment", id: c.id, message: (error as Error).message });
      }
    }
  }
  // Bios are short and few next to summaries: re-render them all.
  for (const u of await listUsersForBioRerender(db)) {
    if (u.bio === "") continue;
    try {
      await updateUserBioHtml(db, u.id, (await renderOrRefuse(render, u.bio)).html);
    } catch (error) {
      report.failed.push({ kind: "bio", id: u.id, message: (error as Error).message });
    }
  }
  // Rows were rewritten one by one above; one bump at the end drops every cached page.
  await writeVisible(db, async () => {});
  return report;
}
