// The parsing thread of an import (see read-items.ts): reads and parses the file and sends
// one database batch of records at a time, never more than its credits allow ahead.

import { parentPort, workerData } from "node:worker_threads";
import type { ImportItem } from "./import-item";
import {
  IMPORT_FORMATS,
  openInput,
  type ParseJob,
  type ParseMessage,
  type ReadPosition,
} from "./read-items";

const job = workerData as ParseJob & { credits: number };
const port = parentPort;
if (!port) throw new Error("parse.worker.ts runs as a worker thread");

let credits = job.credits;
let onCredit = () => {};
port.on("message", () => {
  credits++;
  onCredit();
});
const send = (m: ParseMessage) => port.postMessage(m);

const position: ReadPosition = { bytesRead: 0 };
let items: ImportItem[] = [];
let records = 0;

async function flush() {
  while (credits === 0) await new Promise<void>((r) => (onCredit = r));
  credits--;
  send({ items, bytesRead: position.bytesRead });
  items = [];
  records = 0;
}

async function run() {
  for await (const chunk of IMPORT_FORMATS[job.format](openInput(job.file, position))) {
    for (const item of chunk) {
      items.push(item);
      if ("record" in item) records++;
    }
    if (records >= job.batchRecords) await flush();
  }
  if (items.length > 0) await flush();
  send({ done: true, bytesRead: position.bytesRead });
}

// A broken file (truncated .gz) still delivers the records read before the break. The main
// thread ends this thread once it has the last message.
run().catch(async (error: unknown) => {
  if (items.length > 0) await flush();
  send({ error: (error as Error)?.message ?? String(error) });
});
