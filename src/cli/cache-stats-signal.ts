/** Set to "1", SIGUSR2 makes a serving process print its page cache's counters (benchmarks). */
export const CACHE_STATS_ENV = "SHORTSCIENCE_CACHE_STATS_SIGNAL";

/**
 * Opt-in, for bench/write-mix.bench.ts: on SIGUSR2 the process writes one JSON line,
 * `{"pageCache":{"entries":…,"hits":…,"misses":…}}`, to its stdout. Nothing is served over
 * HTTP, so nothing is public. Returns the function that stops listening.
 */
export function printCacheStatsOnSignal(
  pageCache: { stats(): object },
  env = process.env,
): () => void {
  if (env[CACHE_STATS_ENV] !== "1") return () => {};
  const print = () => process.stdout.write(`${JSON.stringify({ pageCache: pageCache.stats() })}\n`);
  process.on("SIGUSR2", print);
  return () => process.off("SIGUSR2", print);
}
