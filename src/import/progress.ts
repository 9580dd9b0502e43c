// What a long import shows while it runs: a bar with records, rate and ETA on a terminal;
// elsewhere (logs, CI, nohup) a plain line every so often, since a bar's redraws are noise.

import cliProgress from "cli-progress";
import { IMPORT_PROGRESS_LOG_MS } from "../core/limits";
import type { ImportProgress } from "./import-item";

export interface ProgressView {
  update(p: ImportProgress): void;
  stop(): void;
}

const count = (n: number) => n.toLocaleString("en-US");
const rate = (p: ImportProgress) => (p.elapsedMs > 0 ? (p.records * 1000) / p.elapsedMs : 0);

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/** Time left from the share of the file read so far; null while nothing is known. */
export function etaSeconds(p: ImportProgress): number | null {
  if (!p.totalBytes || p.bytesRead <= 0 || p.elapsedMs <= 0) return null;
  return ((p.totalBytes - p.bytesRead) * p.elapsedMs) / p.bytesRead / 1000;
}

/** "120,000 records (35%), 21,400 records/s, ETA 2m10s, 3 bad" */
export function progressLine(p: ImportProgress): string {
  const share = p.totalBytes ? ` (${Math.floor((100 * p.bytesRead) / p.totalBytes)}%)` : "";
  const eta = etaSeconds(p);
  return [
    `${count(p.records)} records${share}`,
    `${count(Math.round(rate(p)))} records/s`,
    ...(eta === null ? [] : [`ETA ${formatDuration(eta)}`]),
    ...(p.bad > 0 ? [`${count(p.bad)} bad`] : []),
  ].join(", ");
}

export function createProgressView(options: {
  tty: boolean;
  stream: NodeJS.WritableStream;
  label: string;
  intervalMs?: number;
  now?: () => number;
}): ProgressView {
  return options.tty ? barView(options) : lineView(options);
}

function barView(options: { stream: NodeJS.WritableStream; label: string }): ProgressView {
  const bar = new cliProgress.SingleBar(
    {
      stream: options.stream,
      format: `${options.label} {bar} {percentage}% | {records} records | {rate} records/s | ETA {eta_formatted}`,
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(p) {
      const payload = { records: count(p.records), rate: count(Math.round(rate(p))) };
      // The bar measures bytes: records per file are unknown until the end.
      if (!started) bar.start(p.totalBytes ?? 0, p.bytesRead, payload);
      else bar.update(p.bytesRead, payload);
      started = true;
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

function lineView(options: {
  stream: NodeJS.WritableStream;
  label: string;
  intervalMs?: number;
  now?: () => number;
}): ProgressView {
  const now = options.now ?? Date.now;
  const every = options.intervalMs ?? IMPORT_PROGRESS_LOG_MS;
  let last = now();
  return {
    update(p) {
      if (now() - last < every) return;
      last = now();
      options.stream.write(`${options.label}: ${progressLine(p)}\n`);
    },
    stop() {},
  };
}
