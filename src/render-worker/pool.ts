import { Piscina } from "piscina";
import { RENDER_DEADLINE_MS, RENDER_WORKER_MAX_HEAP_MB, RENDER_WORKERS } from "../limits";
import type { RenderResult } from "../render";
import type { RenderTask } from "./render.worker";

/** A render that ran past its deadline; the thread running it was stopped. */
export class RenderTimeoutError extends Error {
  constructor(readonly deadlineMs: number) {
    super(`rendering took longer than ${deadlineMs} ms`);
    this.name = "RenderTimeoutError";
  }
}

export interface RenderPool {
  render(source: string): Promise<RenderResult>;
  close(): Promise<void>;
}

export interface RenderPoolOptions {
  workers?: number;
  deadlineMs?: number;
}

// Tests run the TypeScript sources (workers then load TypeScript through tsx); the app runs
// the esbuild bundle, where this code sits in dist/main.js next to dist/render-worker.js.
const fromSource = import.meta.url.endsWith(".ts");
const workerFile = fromSource
  ? new URL("./render.worker.ts", import.meta.url)
  : new URL("./render-worker.js", import.meta.url);

function openPool(opts: RenderPoolOptions, testHooks: boolean) {
  const workers = Math.max(1, opts.workers ?? RENDER_WORKERS);
  const deadlineMs = opts.deadlineMs ?? RENDER_DEADLINE_MS;
  const piscina = new Piscina<RenderTask, RenderResult>({
    filename: workerFile.href,
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: Number.POSITIVE_INFINITY,
    execArgv: fromSource ? ["--import", "tsx"] : [],
    resourceLimits: { maxOldGenerationSizeMb: RENDER_WORKER_MAX_HEAP_MB },
    workerData: { testHooks },
  });

  // The deadline counts from the request, queueing included: the caller waits for neither.
  // Aborting a running task makes piscina terminate its thread and start a fresh one.
  async function run(task: RenderTask): Promise<RenderResult> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), deadlineMs);
    try {
      return await piscina.run(task, { signal: controller.signal });
    } catch (error) {
      if (controller.signal.aborted) throw new RenderTimeoutError(deadlineMs);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  return { run, close: () => piscina.close() };
}

/**
 * Renders user text in worker threads, so no input can stall the event loop; a render past
 * its deadline rejects with RenderTimeoutError.
 */
export function createRenderPool(opts: RenderPoolOptions = {}): RenderPool {
  const pool = openPool(opts, false);
  return { render: (source) => pool.run(source), close: pool.close };
}

/** For tests: a pool whose workers can be kept busy for `busyMs` before rendering. */
export function createTestRenderPool(opts: RenderPoolOptions = {}) {
  const pool = openPool(opts, true);
  return {
    render: (source: string) => pool.run(source),
    renderBusy: (source: string, busyMs: number) => pool.run({ source, busyMs }),
    close: pool.close,
  };
}
