// One load run (ApacheBench when installed, else autocannon) and the median of several: every
// HTTP figure the bench prints is the median of RUNS runs, with p50 and p99 beside req/s.
//
// Not wrk: against any server slower than a few thousand requests a second on this 2-core
// machine, wrk reports a p99 of 0.5–1 s that nothing else sees. A plain node:http server that
// spends 400 µs of CPU on each 82 KB answer: wrk p50 30 / p99 540–650 ms; ab 31 / 36 ms;
// autocannon agrees with ab. Under the same wrk run against the app, the server's own clock
// put every request within 25 ms of its arrival and every connection's next request within
// 121 ms of the previous answer, so no request could have waited the 1 s wrk reported.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";

export const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5);
export const CONNECTIONS = 64;
export const RUNS = 3;

export interface Run {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /**
   * Failed requests, counted, not fatal: with ab its connect, receive and exception failures;
   * with autocannon its errors and requests unanswered after TIMEOUT_S.
   */
  errors: number;
}

/**
 * autocannon: a request unanswered this long counts as an error. ab: the run gives up when no
 * connection has answered for this long. Long, so that a slow tail is measured, not cut off.
 */
const TIMEOUT_S = 10;

/**
 * ab keeps a result slot for every request -n allows (about 32 bytes each), so -n is what this
 * machine could answer in the run at most, not "unbounded": 200,000 requests a second.
 */
const AB_MAX_REQUESTS = DURATION_S * 200_000;

/** The median of each figure over the runs (errors: their sum), and the runs themselves. */
export interface Measured extends Run {
  runs: Run[];
}

/** ab (C, Debian's apache2-utils) when installed: autocannon's own parsing costs CPU on large pages. */
export const loadTool = spawnSync("ab", ["-V"]).error ? "autocannon" : "ab";

/** ab's percentile table (`-e`): "percent,ms" lines, 0 to 100. */
function abPercentile(csv: string, p: number): number {
  const m = new RegExp(`^${p},([\\d.]+)$`, "m").exec(csv);
  return m ? Number(m[1]) : Number.NaN;
}

function loadWithAb(url: string, headers: Record<string, string>): Run {
  const h = Object.entries(headers).flatMap(([k, v]) => ["-H", `${k}: ${v}`]);
  const dir = mkdtempSync(join(tmpdir(), "shortscience-ab-"));
  const csv = join(dir, "percentiles.csv");
  try {
    // -t bounds the run; the -n after it lifts the 50,000 requests -t implies. -l: a logged-in
    // page's length may vary (its CSRF token), which ab would otherwise count as failures. -r:
    // a receive error is counted, rather than ending the run.
    const r = spawnSync(
      "ab",
      [
        "-k",
        "-q",
        "-l",
        "-r",
        `-c${CONNECTIONS}`,
        `-t${DURATION_S}`,
        `-n${AB_MAX_REQUESTS}`,
        `-s${TIMEOUT_S}`,
      ].concat(["-e", csv], h, [url]),
      { encoding: "utf8" },
    );
    const rps = Number(/Requests per second:\s+([\d.]+)/.exec(r.stdout)?.[1]);
    // An error page measured as a page would be a lie: stop. Failed requests are a result;
    // requests still open when -t ends are not counted at all.
    if (/Non-2xx responses/.test(r.stdout) || !rps)
      throw new Error(`${url}: ab says\n${r.stdout}${r.stderr}`);
    const failed = Number(/Failed requests:\s+(\d+)/.exec(r.stdout)?.[1] ?? 0);
    const table = readFileSync(csv, "utf8");
    return { rps, p50Ms: abPercentile(table, 50), p99Ms: abPercentile(table, 99), errors: failed };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
  return loadTool === "ab"
    ? Promise.resolve(loadWithAb(url, headers))
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
