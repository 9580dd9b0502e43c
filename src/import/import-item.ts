import type { PaperRecord } from "../papers/paper-record";

/** What a reader of an import file yields: a record, or a bad input and where it is. */
export type ImportItem =
  | { record: PaperRecord; line: number }
  | { bad: { line: number; message: string } };

/** Where an import stands; counts cover committed batches only (what a stop keeps). */
export interface ImportProgress {
  /** Records committed, and bad inputs skipped before the last commit. */
  records: number;
  bad: number;
  inserted: number;
  updated: number;
  unchanged: number;
  conflicts: number;
  batches: number;
  /** Bytes of the file read (compressed bytes for .gz), and its size. */
  bytesRead: number;
  totalBytes: number | null;
  elapsedMs: number;
}
