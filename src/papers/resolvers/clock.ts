// Time as the HTTP client sees it; tests pass a virtual clock so backoff and politeness
// waits cost nothing and can be measured exactly.

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};
