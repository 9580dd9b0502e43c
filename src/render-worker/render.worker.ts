import { type MessagePort, workerData } from "node:worker_threads";
import type { RenderResult } from "../core/render-contract";
import { renderMarkdown } from "../render";

/** A source to render; tests may also ask the worker to stay busy first (see pool.ts). */
export interface RenderTask {
  source: string;
  busyMs?: number;
  /** Told when this thread starts the task: the pool's deadline counts from then. */
  started: MessagePort;
}

// Only a pool created for tests may keep a thread busy.
const testHooks = (workerData as { testHooks?: { startupBusyMs?: number } | null } | undefined)
  ?.testHooks;

function stayBusy(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // Burn CPU like a runaway render (or a start-up on a loaded machine), without sleeping.
  }
}

if (testHooks?.startupBusyMs) stayBusy(testHooks.startupBusyMs);

export default function render(task: RenderTask): RenderResult {
  task.started.postMessage(0);
  task.started.close();
  if (testHooks && task.busyMs) stayBusy(task.busyMs);
  return renderMarkdown(task.source);
}
