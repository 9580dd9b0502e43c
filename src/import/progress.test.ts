import { describe, expect, it } from "vitest";
import type { ImportProgress } from "./import-item";
import { createProgressView, etaSeconds, formatDuration, progressLine } from "./progress";

const at = (over: Partial<ImportProgress>): ImportProgress => ({
  records: 0,
  bad: 0,
  inserted: 0,
  updated: 0,
  unchanged: 0,
  conflicts: 0,
  batches: 0,
  bytesRead: 0,
  totalBytes: 1000,
  elapsedMs: 0,
  ...over,
});

describe("progress", () => {
  it("estimates the time left from the share of the file read", () => {
    expect(etaSeconds(at({ bytesRead: 250, elapsedMs: 10_000 }))).toBe(30);
    expect(etaSeconds(at({ bytesRead: 0, elapsedMs: 10_000 }))).toBeNull();
    expect(etaSeconds(at({ totalBytes: null, bytesRead: 5, elapsedMs: 1 }))).toBeNull();
  });

  it.each([
    [5, "5s"],
    [130, "2m10s"],
    [7_380, "2h03m"],
    [Number.POSITIVE_INFINITY, "?"],
  ])("formats %s s as %s", (s, text) => {
    expect(formatDuration(s)).toBe(text);
  });

  it("says records, share, rate, ETA and bad lines in one line", () => {
    expect(progressLine(at({ records: 120_000, bytesRead: 350, elapsedMs: 6_000, bad: 3 }))).toBe(
      "120,000 records (35%), 20,000 records/s, ETA 11s, 3 bad",
    );
  });

  it("without a terminal, writes a line at most every interval", () => {
    const written: string[] = [];
    let now = 0;
    const view = createProgressView({
      tty: false,
      stream: { write: (s: string) => written.push(s) } as unknown as NodeJS.WritableStream,
      label: "import arxiv",
      intervalMs: 1_000,
      now: () => now,
    });
    view.update(at({ records: 1 }));
    now = 1_500;
    view.update(at({ records: 2, elapsedMs: 1_500 }));
    now = 1_600;
    view.update(at({ records: 3, elapsedMs: 1_600 }));
    view.stop();
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^import arxiv: 2 records \(0%\)/);
  });
});
