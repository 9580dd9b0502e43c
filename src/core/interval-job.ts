// A job a serving process runs once at start, then every interval: the timer never keeps the
// process alive, a run never overlaps the previous one, and stop() aborts the signal the run
// in hand was given and waits for it. Each job catches and logs its own failures.

export interface IntervalJob<T> {
  /** One run now (what the timer calls); joins the run in hand if there is one. */
  tick(): Promise<T>;
  /** Stops the timer, aborts the running job's signal and waits for it. */
  stop(): Promise<void>;
}

export function startIntervalJob<T>(opts: {
  run: (signal: AbortSignal) => Promise<T>;
  /** What tick() answers once stopped. */
  idle: () => T;
  intervalMs: number;
  /** Tests: no timer, only tick(). */
  timer?: boolean;
}): IntervalJob<T> {
  let running: Promise<T> | null = null;
  let stopped = false;
  const stopping = new AbortController();

  const tick = (): Promise<T> => {
    if (stopped) return Promise.resolve(opts.idle());
    running ??= opts.run(stopping.signal).finally(() => {
      running = null;
    });
    return running;
  };

  const timer = opts.timer === false ? null : setInterval(tick, opts.intervalMs);
  timer?.unref();
  if (timer) void tick();

  return {
    tick,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      stopping.abort();
      await running;
    },
  };
}
