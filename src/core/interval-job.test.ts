import { describe, expect, it } from "vitest";
import { startIntervalJob } from "./interval-job";

describe("startIntervalJob", () => {
  it("never overlaps runs, aborts the run in hand on stop and waits for it", async () => {
    let started = 0;
    let release: () => void = () => {};
    let sawAbort = false;
    const job = startIntervalJob({
      run: (signal) => {
        started++;
        return new Promise<number>((resolve) => {
          release = () => resolve(started);
          signal.addEventListener("abort", () => {
            sawAbort = true;
            resolve(-1);
          });
        });
      },
      idle: () => 0,
      intervalMs: 60_000,
      timer: false,
    });
    const first = job.tick();
    const joined = job.tick();
    expect(started).toBe(1);
    release();
    expect(await first).toBe(1);
    expect(await joined).toBe(1);

    void job.tick();
    expect(started).toBe(2);
    await job.stop();
    expect(sawAbort).toBe(true);
    expect(await job.tick()).toBe(0);
    expect(started).toBe(2);
  });
});
