import { MessageChannel } from "node:worker_threads";
import { Piscina } from "piscina";
import {
  RENDER_DEADLINE_MS,
  RENDER_QUEUE_MAX_WAIT_MS,
  RENDER_WORKER_MAX_HEAP_MB,
  RENDER_WORKERS,
} from "../core/limits";
import type { RenderResult } from "../core/render-contract";
import { RenderTimeoutError } from "../core/render-contract";
import type { RenderTask } from "./render.worker";

/** A render that ran past its deadline (its thread was stopped), or never got a thread. */

export interface RenderPool {
  render(source: string): Promise<RenderResult>;
  close(): Promise<void>;
}

export interface RenderPoolOptions {
  workers?: number;
  deadlineMs?: number;
  /** How long a render may wait for a free, started worker before it is refused. */
  queueMaxWaitMs?: number;
}

interface TestHooks {
  /** CPU each worker burns while it starts, as on a loaded machine. */
  startupBusyMs?: number;
}

// Tests run the TypeScript sources (workers then load TypeScript through tsx); the app runs
// the esbuild bundle, where this code sits in dist/main.js next to dist/render-worker.js.
const fromSource = import.meta.url.endsWith(".ts");
const workerFile = fromSource
  ? new URL("./render.worker.ts", import.meta.url)
  : new URL("./render-worker.js", import.meta.url);

function openPool(opts: RenderPoolOptions, testHooks: TestHooks | null) {
  const workers = Math.max(1, opts.workers ?? RENDER_WORKERS);
  const deadlineMs = opts.deadlineMs ?? RENDER_DEADLINE_MS;
  const queueMaxWaitMs = opts.queueMaxWaitMs ?? RENDER_QUEUE_MAX_WAIT_MS;
  const piscina = new Piscina<RenderTask, RenderResult>({
    filename: workerFile.href,
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: Number.POSITIVE_INFINITY,
    execArgv: fromSource ? ["--import", "tsx"] : [],
    resourceLimits: { maxOldGenerationSizeMb: RENDER_WORKER_MAX_HEAP_MB },
    workerData: { testHooks },
  });

  // The deadline counts the render only: the worker says when it starts the task. Waiting for
  // a thread (queued behind others, or a fresh thread starting up after one was stopped) is
  // bounded separately and generously, so a slow start-up never fails a quick render.
  // Aborting a running task makes piscina terminate its thread and start a fresh one.
  async function run(source: string, busyMs?: number): Promise<RenderResult> {
    const controller = new AbortController();
    const channel = new MessageChannel();
    let reason = "queue" as "deadline" | "queue";
    let timer = setTimeout(() => controller.abort(), queueMaxWaitMs);
    channel.port1.once("message", () => {
      clearTimeout(timer);
      reason = "deadline";
      timer = setTimeout(() => controller.abort(), deadlineMs);
    });
    channel.port1.unref();
    try {
      const task: RenderTask = { source, busyMs, started: channel.port2 };
      return await piscina.run(task, {
        signal: controller.signal,
        transferList: [channel.port2],
      });
    } catch (error) {
      if (controller.signal.aborted) {
        throw new RenderTimeoutError(reason === "deadline" ? deadlineMs : queueMaxWaitMs, reason);
      }
      throw error;
    } finally {
      clearTimeout(timer);
      channel.port1.close();
    }
  }

  return { run, close: () => piscina.close() };
}

/**
 * Renders user text in worker threads, so no input can stall the event loop; a render past
 * its deadline rejects with RenderTimeoutError.
 */
export function createRenderPool(opts: RenderPoolOptions = {}): RenderPool {
  const pool = openPool(opts, null);
  return { render: (source) => pool.run(source), close: pool.close };
}

/**
 * For tests: a pool whose workers can be kept busy for `busyMs` before rendering, and whose
 * threads can be made to start slowly.
 */
export function createTestRenderPool(opts: RenderPoolOptions & TestHooks = {}) {
  const pool = openPool(opts, { startupBusyMs: opts.startupBusyMs });
  return {
    render: (source: string) => pool.run(source),
    renderBusy: (source: string, busyMs: number) => pool.run(source, busyMs),
    close: pool.close,
  };
}
