import { Zip, ZipDeflate } from "fflate";
import type { Kysely } from "kysely";
import { EXPORT_BATCH_SUMMARIES } from "../core/limits";
import type { Database } from "../db/schema";
import { listOwnSummariesForExport } from "../summaries/summaries.service";
import type { ExportSummary } from "../summaries/summary-view";
import { csvHeader, csvRecords, markdownFile } from "./export-formats";

// "Export my summaries": every summary of the owner, private and anonymous ones included,
// newest first, streamed a batch at a time. Memory stays at one batch (≤ EXPORT_BATCH_SUMMARIES
// sources of ≤ SUMMARY_MAX_BYTES) however many summaries there are; the file itself is their
// sum. Whoever asks must already be the owner: export.pages.ts checks.

export type ExportFormat = "csv" | "zip";

export interface ExportFile {
  contentType: string;
  fileName: string;
  body: ReadableStream<Uint8Array>;
}

const encoder = new TextEncoder();

/** Batches of the user's summaries, reading the next only when asked (the stream's pull). */
function batchReader(db: Kysely<Database>, userId: number) {
  let after: ExportSummary | null = null;
  let done = false;
  return async (): Promise<ExportSummary[] | null> => {
    if (done) return null;
    const batch = await listOwnSummariesForExport(db, userId, after, EXPORT_BATCH_SUMMARIES);
    if (batch.length < EXPORT_BATCH_SUMMARIES) done = true;
    after = batch.at(-1) ?? after;
    return batch;
  };
}

/**
 * The export as a stream. The first batch is read before this returns, so a database that is
 * down answers with the usual 503 page rather than a broken download.
 */
export async function exportSummaries(
  db: Kysely<Database>,
  owner: { id: number; username: string },
  format: ExportFormat,
  baseUrl: string,
): Promise<ExportFile> {
  const next = batchReader(db, owner.id);
  const first = await next();
  const fileName = `shortscience-${owner.username}-summaries.${format}`;
  if (format === "csv") {
    return { contentType: "text/csv; charset=utf-8", fileName, body: csvStream(first, next) };
  }
  return { contentType: "application/zip", fileName, body: zipStream(first, next, baseUrl) };
}

type NextBatch = () => Promise<ExportSummary[] | null>;

function csvStream(first: ExportSummary[] | null, next: NextBatch): ReadableStream<Uint8Array> {
  let pending: ExportSummary[] | null = first;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvHeader()));
    },
    async pull(controller) {
      // A pull must queue something or close, or a waiting reader would never be answered.
      for (;;) {
        const batch = pending ?? (await next());
        pending = null;
        if (batch === null) return controller.close();
        if (batch.length > 0) return controller.enqueue(encoder.encode(csvRecords(batch)));
      }
    },
  });
}

function zipStream(
  first: ExportSummary[] | null,
  next: NextBatch,
  baseUrl: string,
): ReadableStream<Uint8Array> {
  let pending: ExportSummary[] | null = first;
  let zip: Zip;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      // fflate's synchronous deflate calls back within push()/end(): each pull's output is
      // queued before the pull returns.
      zip = new Zip((error, chunk, final) => {
        if (error) return controller.error(error);
        controller.enqueue(chunk);
        if (final) controller.close();
      });
    },
    async pull() {
      // A pull must queue something or close (an empty batch reads on), as in csvStream.
      let batch: ExportSummary[] | null = [];
      while (batch !== null && batch.length === 0) {
        batch = pending ?? (await next());
        pending = null;
      }
      if (batch === null) return zip.end();
      for (const s of batch) {
        const file = markdownFile(s, baseUrl);
        const entry = new ZipDeflate(file.name, { level: 6 });
        entry.mtime = new Date(s.updatedAt);
        zip.add(entry);
        entry.push(encoder.encode(file.text), true);
      }
    },
  });
}
