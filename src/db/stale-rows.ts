import type { Kysely } from "kysely";
import { writeVisible } from "./content-version";
import type { Database } from "./schema";

/** How many rows one pass reads, renders and then writes in one transaction. */
export const STALE_ROWS_BATCH = 200;

/** A row whose stored HTML came from an older renderer: its id and the source to render again. */
export interface StaleRow {
  id: number;
  source: string;
}

/** The tables whose rows keep rendered HTML with the version of the renderer that made it. */
export type RenderedTable = "summaries" | "comments";

/**
 * The next rows of `table`, in id order after `afterId`, whose HTML came from another renderer
 * version. For the owning repo to call: the query is the same for every such table.
 */
export async function selectStaleRows(
  db: Kysely<Database>,
  table: RenderedTable,
  rendererVersion: number,
  afterId: number,
  limit: number,
): Promise<StaleRow[]> {
  return db
    .selectFrom(table)
    .select(["id", "source"])
    .where("renderer_version", "!=", rendererVersion)
    .where("id", ">", afterId)
    .orderBy("id")
    .limit(limit)
    .execute();
}

/** How one kind of text (summaries, comments…) is found, rendered and stored again. */
export interface StaleRowsJob<Rendered> {
  /** The next stale rows in id order, after `afterId`. */
  list(db: Kysely<Database>, afterId: number, limit: number): Promise<StaleRow[]>;
  /** A throw marks the row as failed: it keeps its old HTML. */
  render(source: string): Promise<Rendered>;
  /**
   * Stores what was rendered from `row.source`, only if the row still has that source: false
   * when it was edited since it was read (it already holds fresh HTML).
   */
  store(trx: Kysely<Database>, row: StaleRow, rendered: Rendered): Promise<boolean>;
}

export interface StaleRowsReport {
  /** Rows whose new HTML was stored. */
  written: number;
  /** Rows that could not be rendered (in time); they keep their old HTML. */
  failed: { id: number; message: string }[];
}

/**
 * Renders every stale row again, a batch at a time. Each batch is rendered outside any
 * transaction (no transaction waits on a render) and then written in one through writeVisible,
 * so a rerender stopped half-way leaves no cached page over rows it changed.
 */
export async function rerenderStaleRows<Rendered>(
  db: Kysely<Database>,
  job: StaleRowsJob<Rendered>,
  batchSize = STALE_ROWS_BATCH,
): Promise<StaleRowsReport> {
  const report: StaleRowsReport = { written: 0, failed: [] };
  let afterId = 0;
  for (;;) {
    const batch = await job.list(db, afterId, batchSize);
    if (batch.length === 0) return report;
    const rendered: { row: StaleRow; out: Rendered }[] = [];
    for (const row of batch) {
      afterId = row.id;
      try {
        rendered.push({ row, out: await job.render(row.source) });
      } catch (error) {
        report.failed.push({ id: row.id, message: (error as Error).message });
      }
    }
    report.written += await writeVisible(
      db,
      async (trx) => {
        let written = 0;
        for (const { row, out } of rendered) if (await job.store(trx, row, out)) written++;
        return written;
      },
      // A batch that stored nothing (all failed, or all edited meanwhile) keeps cached pages.
      { changed: (written) => written > 0 },
    );
  }
}
