// One load run (wrk when installed, else autocannon) and the median of several: every HTTP
// figure the bench prints is the median of RUNS runs, with p50 and p99 beside req/s.
import { spawnSync } from "node:child_process";
import autocannon from "autocannon";

export const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5);
export const CONNECTIONS = 64;
export const RUNS = 3;

export interface Run {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Connect/read/write errors and requests unanswered after TIMEOUT_S (counted, not fatal). */
  errors: number;
}

/** A request unanswered this long counts as an error (wrk's default, 2 s, hides slow tails). */
const TIMEOUT_S = 10;

/** The median of each figure over the runs (errors: their sum), and the runs themselves. */
export interface Measured extends Run {
  runs: Run[];
}

/** wrk (C, from Debian) when installed: autocannon's own parsing costs CPU on large pages. */
export const loadTool = spawnSync("wrk", ["--version"]).error ? "autocannon" : "wrk";

const UNIT_MS = { us: 0.001, ms: 1, s: 1000 } as const;

function percentile(out: string, p: string): number {
  const m = new RegExp(`\\s${p}%\\s+([\\d.]+)(us|ms|s)`).exec(out);
  return m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : Number.NaN;
}

function loadWithWrk(url: string, headers: Record<string, string>): Run {
  const h = Object.entries(headers).flatMap(([k, v]) => ["-H", `${k}: ${v}`]);
  const r = spawnSync(
    "wrk",
    [
      "-t1",
      `-c${CONNECTIONS}`,
      `-d${DURATION_S}s`,
      `--timeout=${TIMEOUT_S}s`,
      "--latency",
      ...h,
      url,
    ],
    { encoding: "utf8" },
  );
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(r.stdout)?.[1]);
  // An error page measured as a page would be a lie: stop. Timeouts are a result: count them.
  if (/Non-2xx/.test(r.stdout) || !rps) throw new Error(`${url}: wrk says\n${r.stdout}${r.stderr}`);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(
    r.stdout,
  );
  const errors = socket ? socket.slice(1).reduce((n, x) => n + Number(x), 0) : 0;
  return { rps, p50Ms: percentile(r.stdout, "50"), p99Ms: percentile(r.stdout, "99"), errors };
}

async function loadWithAutocannon(url: string, headers: Record<string, string>): Promise<Run> {
  const result = await autocannon({
    url,
    headers,
    connections: CONNECTIONS,
    duration: DURATION_S,
    pipelining: 1,
    timeout: TIMEOUT_S,
  });
  if (result.non2xx > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers`);
  return {
    rps: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
  };
}

export function loadOnce(url: string, headers: Record<string, string> = {}): Promise<Run> {
  return loadTool === "wrk"
    ? Promise.resolve(loadWithWrk(url, headers))
    : loadWithAutocannon(url, headers);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

export function summarize(runs: Run[]): Measured {
  return {
    rps: median(runs.map((r) => r.rps)),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    errors: runs.reduce((n, r) => n + r.errors, 0),
    runs,
  };
}

/**
 * RUNS runs of each target, interleaved (a, b, a, b, …) so that the machine's drift (other
 * work, thermal) spreads over all of them instead of favouring the one measured first.
 */
export async function measureInterleaved(
  targets: { url: string; headers?: Record<string, string> }[],
): Promise<Measured[]> {
  const runs: Run[][] = targets.map(() => []);
  for (let i = 0; i < RUNS; i++) {
    for (const [t, target] of targets.entries()) {
      runs[t]?.push(await loadOnce(target.url, target.headers));
    }
  }
  return runs.map(summarize);
}

export const formatRun = (m: Run) =>
  `${m.rps.toFixed(0).padStart(7)} req/s  p50 ${m.p50Ms.toFixed(2).padStart(7)} ms  p99 ${m.p99Ms.toFixed(2).padStart(7)} ms` +
  (m.errors > 0 ? `  (${m.errors} errors/timeouts)` : "");
