import { Piscina } from "piscina";
import { RENDER_DEADLINE_MS, RENDER_WORKERS } from "../limits";
import type { RenderResult } from "../render";

/** A render that ran past its deadline; its worker thread was stopped. */
export class RenderTimeoutError extends Error {
  constructor(deadlineMs: number) {
    super(`rendering took longer than ${deadlineMs} ms`);
    this.name = "RenderTimeoutError";
  }
}

export interface RenderPool {
  render(source: string, opts?: { deadlineMs?: number }): Promise<RenderResult>;
  close(): Promise<void>;
}

// Tests run the TypeScript sources (workers then load TypeScript through tsx); the app runs
// the esbuild bundle, where this code sits in dist/main.js next to dist/render-worker.js.
const fromSource = import.meta.url.endsWith(".ts");
const workerFile = fromSource
  ? new URL("./render.worker.ts", import.meta.url)
  : new URL("./render-worker.js", import.meta.url);

/**
 * Renders user text in worker threads so that no input can stall the event loop; a render
 * past its deadline is aborted, which stops its thread (piscina starts a fresh one).
 */
export function createRenderPool(opts: { workers?: number; deadlineMs?: number } = {}): RenderPool {
  const workers = opts.workers ?? RENDER_WORKERS;
  const piscina = new Piscina({
    filename: workerFile.href,
    minThreads: 1,
    maxThreads: workers,
    idleTimeout: 60_000,
    execArgv: fromSource ? ["--import", "tsx"] : [],
  });
  return {
    async render(source, callOpts = {}) {
      const deadlineMs = callOpts.deadlineMs ?? opts.deadlineMs ?? RENDER_DEADLINE_MS;
      const signal = AbortSignal.timeout(deadlineMs);
      try {
        return (await piscina.run(source, { signal })) as RenderResult;
      } catch (error) {
        if (signal.aborted) throw new RenderTimeoutError(deadlineMs);
        throw error;
      }
    },
    close: () => piscina.destroy(),
  };
}
