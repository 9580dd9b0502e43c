// The records of an import file, read and parsed on a second thread when it can run: JSON
// parsing and text cleaning then overlap the database writes, which run on the main thread
// (better-sqlite3 is synchronous). Otherwise the same readers run in this thread.

import { createReadStream, existsSync } from "node:fs";
import { pipeline, Transform } from "node:stream";
import { fileURLToPath } from "node:url";
import { createGunzip } from "node:zlib";
import { startThread } from "../core/thread-entry";
import { readArxivSnapshot } from "./arxiv-snapshot";
import { readDblpXml } from "./dblp-xml";
import type { ImportItem } from "./import-item";

export const IMPORT_FORMATS = { arxiv: readArxivSnapshot, dblp: readDblpXml } as const;
export type ImportFormat = keyof typeof IMPORT_FORMATS;

/** How far the file has been read, in bytes from the disk (compressed bytes for .gz). */
export interface ReadPosition {
  bytesRead: number;
}

/** Batches the parsing thread may have ready before the writer takes them: bounds memory. */
const BATCHES_AHEAD = 2;

/** The file's bytes, gunzipped when its name ends in .gz. */
export function openInput(file: string, position: ReadPosition): AsyncIterable<Buffer> {
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      position.bytesRead += chunk.length;
      done(null, chunk);
    },
  });
  if (!file.endsWith(".gz")) return pipeline(raw, counter, () => {});
  return pipeline(raw, counter, createGunzip({ chunkSize: 1 << 18 }), () => {});
}

export interface ParseJob {
  format: ImportFormat;
  file: string;
  /** Records per message from the parsing thread: one database batch. */
  batchRecords: number;
}

export type ParseMessage =
  | { items: ImportItem[]; bytesRead: number }
  | { done: true; bytesRead: number }
  | { error: string };

// Tests and `node --import tsx` run the sources; the esbuild bundle has the worker next to
// dist/main.js when the build makes one (entry "import-worker"), else parsing stays here.
const fromSource = import.meta.url.endsWith(".ts");
const workerUrl = fromSource
  ? new URL("./parse.worker.ts", import.meta.url)
  : new URL("./import-worker.js", import.meta.url);
const workerAvailable = fromSource || existsSync(fileURLToPath(workerUrl));

export function readItems(
  job: ParseJob,
  position: ReadPosition,
  options: { thread?: boolean } = {},
): AsyncGenerator<ImportItem[]> {
  if (options.thread === false || !workerAvailable) {
    return IMPORT_FORMATS[job.format](openInput(job.file, position));
  }
  return fromThread(job, position);
}

async function* fromThread(job: ParseJob, position: ReadPosition): AsyncGenerator<ImportItem[]> {
  const worker = startThread(workerUrl, {
    workerData: { ...job, credits: BATCHES_AHEAD },
  });
  const queue: ParseMessage[] = [];
  let failure: Error | null = null;
  let finished = false;
  let wake = () => {};
  worker.on("message", (m: ParseMessage) => {
    queue.push(m);
    wake();
  });
  worker.on("error", (e) => {
    failure = e;
    wake();
  });
  worker.on("exit", (code) => {
    if (!finished) failure ??= new Error(`the parsing thread stopped (exit code ${code})`);
    wake();
  });
  try {
    for (;;) {
      while (queue.length === 0 && failure === null) await new Promise<void>((r) => (wake = r));
      const m = queue.shift();
      if (!m) throw failure;
      if ("error" in m) throw new Error(m.error);
      position.bytesRead = m.bytesRead;
      if ("done" in m) {
        finished = true;
        return;
      }
      // Let the thread parse the next batch while this one is written.
      worker.postMessage("more");
      yield m.items;
    }
  } finally {
    finished = true;
    await worker.terminate();
  }
}
