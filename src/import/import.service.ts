// Bulk import: a file's records into the paper store in committed batches. Memory stays flat
// (the file is streamed, one batch is held), a re-run updates instead of duplicating (the
// store matches papers by identifier), and a stop keeps every batch reported done.

import { stat } from "node:fs/promises";
import type { Kysely } from "kysely";
import { IMPORT_BAD_SAMPLES, IMPORT_BATCH_SIZE } from "../core/limits";
import type { Database } from "../db/schema";
import type { PaperRecord } from "../papers/paper-record";
import { upsertPapers, type VenueCache } from "../papers/paper-store.service";
import type { ImportProgress } from "./import-item";
import { withImportSettings } from "./import-settings";
import { IMPORT_FORMATS, type ImportFormat, type ReadPosition, readItems } from "./read-items";

export { IMPORT_FORMATS, type ImportFormat } from "./read-items";

export function isImportFormat(name: string): name is ImportFormat {
  return Object.hasOwn(IMPORT_FORMATS, name);
}

export interface ImportOptions {
  batchSize?: number;
  /** Stop after this many committed batches, as an interrupted run would. */
  maxBatches?: number;
  /** Asked after each commit: true stops the run there (Ctrl-C). */
  shouldStop?: () => boolean;
  /** Called after each commit. */
  onProgress?: (p: ImportProgress) => void;
  /** False parses in this thread (the default parses on a second one when it can). */
  thread?: boolean;
}

export interface ImportReport extends ImportProgress {
  /** The first bad inputs, with their line numbers. */
  badSamples: { line: number; message: string }[];
  /** True when the run stopped before the end of the file. */
  stopped: boolean;
}

export class ImportReadError extends Error {
  constructor(
    message: string,
    readonly report: ImportReport,
  ) {
    super(message);
    this.name = "ImportReadError";
  }
}

export async function importFile(
  db: Kysely<Database>,
  format: ImportFormat,
  file: string,
  options: ImportOptions = {},
): Promise<ImportReport> {
  return withImportSettings(db, () => runImport(db, format, file, options));
}

async function runImport(
  db: Kysely<Database>,
  format: ImportFormat,
  file: string,
  options: ImportOptions,
): Promise<ImportReport> {
  const batchSize = options.batchSize ?? IMPORT_BATCH_SIZE;
  const started = Date.now();
  const report: ImportReport = {
    records: 0,
    bad: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    conflicts: 0,
    batches: 0,
    bytesRead: 0,
    totalBytes: (await stat(file)).size,
    elapsedMs: 0,
    badSamples: [],
    stopped: false,
  };
  const position: ReadPosition = { bytesRead: 0 };
  let pendingBad = 0;
  const venues: VenueCache = new Map();
  let batch: PaperRecord[] = [];

  let writing = false;
  const commit = async () => {
    writing = true;
    if (batch.length > 0) {
      const r = await upsertPapers(db, batch, { venues });
      report.records += batch.length;
      report.inserted += r.inserted;
      report.updated += r.updated;
      report.unchanged += r.unchanged;
      report.conflicts += r.conflicts;
      report.batches++;
      batch = [];
    }
    report.bad += pendingBad;
    pendingBad = 0;
    report.bytesRead = position.bytesRead;
    report.elapsedMs = Date.now() - started;
    options.onProgress?.({ ...report });
    writing = false;
  };
  const stopNow = () =>
    (options.maxBatches !== undefined && report.batches >= options.maxBatches) ||
    options.shouldStop?.() === true;

  const items = readItems({ format, file, batchRecords: batchSize }, position, {
    thread: options.thread,
  });
  const skip = (bad: { line: number; message: string }) => {
    pendingBad++;
    if (report.badSamples.length < IMPORT_BAD_SAMPLES) report.badSamples.push(bad);
  };
  try {
    reading: for await (const chunk of items) {
      for (const item of chunk) {
        if ("bad" in item) skip(item.bad);
        // Without an identifier a re-run could not find the paper again: it would duplicate.
        else if (item.record.identifiers.length === 0) {
          skip({ line: item.line, message: `no identifier: ${item.record.title}` });
        } else {
          batch.push(item.record);
          if (batch.length < batchSize) continue;
          await commit();
          if (stopNow()) {
            report.stopped = true;
            break reading;
          }
        }
      }
    }
  } catch (error) {
    if (writing) throw error;
    // What was read before a broken part of the file is kept, and said so.
    await commit();
    throw new ImportReadError((error as Error).message, report);
  }
  if (!report.stopped) await commit();
  report.elapsedMs = Date.now() - started;
  return report;
}
