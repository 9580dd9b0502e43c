import { workerData } from "node:worker_threads";
import { type RenderResult, renderMarkdown } from "../render";

/** A source to render; tests may also ask the worker to stay busy first (see pool.ts). */
export type RenderTask = string | { source: string; busyMs?: number };

// Only a pool created for tests lets a task keep the thread busy.
const testHooks = (workerData as { testHooks?: boolean } | undefined)?.testHooks === true;

function stayBusy(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // Burn CPU like a runaway render would, without sleeping.
  }
}

export default function render(task: RenderTask): RenderResult {
  if (typeof task === "string") return renderMarkdown(task);
  if (testHooks && task.busyMs) stayBusy(task.busyMs);
  return renderMarkdown(task.source);
}
