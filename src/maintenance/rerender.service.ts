import type { Kysely } from "kysely";
import { listStaleComments, updateCommentHtml } from "../comments/comments.repo";
import type { RenderFn } from "../core/render-contract";
import { renderOrRefuse } from "../core/render-contract";
import { writeVisible } from "../db/content-version";
import type { Database } from "../db/schema";
import { RENDERER_VERSION } from "../render";
import { renderSummaryOrRefuse } from "../summaries/summaries.service";
import { listStaleSummaries, updateSummaryHtml } from "../summaries/summary-writes.repo";
import { rerenderBios } from "../users/users.service";

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
    const rendered: {
      id: number;
      source: string;
      r: Awaited<ReturnType<typeof renderOrRefuse>>;
    }[] = [];
    for (const s of batch) {
      afterId = s.id;
      try {
        // Same bound as on save: a renderer change never stores a page-sized summary.
        rendered.push({
          id: s.id,
          source: s.source,
          r: await renderSummaryOrRefuse(render, s.source),
        });
      } catch (error) {
        report.failed.push({ kind: "summary", id: s.id, message: (error as Error).message });
      }
    }
    // Rendered outside, written per batch through the one write path: no transaction waits
    // on a render, and a rerender stopped half-way leaves no page cached over changed rows.
    report.summaries += await writeVisible(db, async (trx) => {
      let written = 0;
      for (const { id, source, r } of rendered) {
        const stored = await updateSummaryHtml(trx, id, {
          source,
          html: r.html,
          rendererVersion: RENDERER_VERSION,
          mathCount: r.mathCount,
          mathErrors: r.mathErrors.length,
        });
        // A summary edited since it was read already holds fresh HTML: not counted.
        if (stored) written++;
      }
      return written;
    });
    onProgress(report.summaries);
  }
  afterId = 0;
  for (;;) {
    const batch = await listStaleComments(db, RENDERER_VERSION, afterId, BATCH);
    if (batch.length === 0) break;
    const rendered: { id: number; source: string; html: string }[] = [];
    for (const c of batch) {
      afterId = c.id;
      try {
        const html = (await renderOrRefuse(render, c.source)).html;
        rendered.push({ id: c.id, source: c.source, html });
      } catch (error) {
        report.failed.push({ kind: "comment", id: c.id, message: (error as Error).message });
      }
    }
    await writeVisible(db, async (trx) => {
      for (const { id, source, html } of rendered) {
        await updateCommentHtml(trx, id, { source, html, rendererVersion: RENDERER_VERSION });
      }
    });
    report.comments += rendered.length;
  }
  const bios = await rerenderBios(db, render);
  for (const f of bios.failed) report.failed.push({ kind: "bio", ...f });
  return report;
}
