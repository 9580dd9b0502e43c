// The one way resolvers reach the network: global fetch with a per-attempt timeout, retries
// with backoff on 429/5xx/network errors (honouring Retry-After), a bounded total time,
// politeness per host, a User-Agent naming the operator, and an offline switch.

import * as limits from "../../core/limits";
import { backoffDelay, parseRetryAfter } from "./backoff";
import { type Clock, systemClock } from "./clock";
import { HostThrottle } from "./host-throttle";

export interface HttpClientOptions {
  userAgent: string;
  /** No request at all: every call fails at once. */
  offline?: boolean;
  timeoutMs?: number;
  maxAttempts?: number;
  totalBudgetMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  maxRetryAfterMs?: number;
  maxResponseBytes?: number;
  /** Politeness gap for hosts whose resolver names none. */
  defaultIntervalMs?: number;
  clock?: Clock;
  random?: () => number;
  fetch?: typeof fetch;
}

export interface RequestOptions {
  accept?: string;
  headers?: Record<string, string>;
  /** Minimum gap between two requests to this URL's host. */
  minIntervalMs?: number;
}

export type HttpOutcome =
  | { ok: true; status: number; headers: Headers; body: string; attempts: number }
  /**
   * `reason` completes "… could not be reached: " for the person waiting. `busy`: the service
   * was not really asked — our own queue for its host was full, it answered 429 (too many
   * requests), or time spent queueing cut the attempt short — so its silence says nothing
   * about the paper (a hand entry must wait). Absent for a real failure (timeout, 5xx, a
   * refused connection), and for offline mode. `slow`: it was asked and did not answer in time
   * (the person is told "too slow", not "unreachable").
   */
  | { ok: false; reason: string; attempts: number; busy?: true; slow?: true };

type Attempt =
  | { kind: "response"; status: number; headers: Headers; body: string }
  | { kind: "timeout" }
  | { kind: "too_large" }
  | { kind: "network"; message: string };

export const OFFLINE_REASON = "metadata lookups are switched off on this server (offline mode)";

export class HttpClient {
  private readonly o: Required<Omit<HttpClientOptions, "fetch">> & { fetch: typeof fetch };
  private readonly throttle = new HostThrottle();

  constructor(options: HttpClientOptions) {
    this.o = {
      offline: false,
      timeoutMs: limits.HTTP_TIMEOUT_MS,
      maxAttempts: limits.HTTP_MAX_ATTEMPTS,
      totalBudgetMs: limits.HTTP_TOTAL_BUDGET_MS,
      backoffBaseMs: limits.HTTP_BACKOFF_BASE_MS,
      backoffMaxMs: limits.HTTP_BACKOFF_MAX_MS,
      maxRetryAfterMs: limits.HTTP_MAX_RETRY_AFTER_MS,
      maxResponseBytes: limits.HTTP_MAX_RESPONSE_BYTES,
      defaultIntervalMs: limits.DEFAULT_MIN_INTERVAL_MS,
      clock: systemClock,
      random: Math.random,
      fetch: (...args) => globalThis.fetch(...args),
      // An option given as undefined keeps its default.
      ...(Object.fromEntries(
        Object.entries(options).filter(([, v]) => v !== undefined),
      ) as HttpClientOptions),
    };
  }

  async get(url: string, request: RequestOptions = {}): Promise<HttpOutcome> {
    const { clock, maxAttempts } = this.o;
    if (this.o.offline) return { ok: false, reason: OFFLINE_REASON, attempts: 0 };
    const host = hostOf(url);
    if (host === null) return { ok: false, reason: "the request address is invalid", attempts: 0 };
    const interval = request.minIntervalMs ?? this.o.defaultIntervalMs;
    const deadline = clock.now() + this.o.totalBudgetMs;
    // An attempt given less time than this was cut short by waiting in our queue.
    const fullTimeoutMs = Math.min(this.o.timeoutMs, this.o.totalBudgetMs);
    let reason = "too many lookups are already waiting for it";
    let busy = true;
    let attempts = 0;
    while (attempts < maxAttempts) {
      const wait = this.throttle.reserve(host, clock.now(), interval, deadline - clock.now());
      if (wait === null) break;
      if (wait > 0) await clock.sleep(wait);
      const remaining = deadline - clock.now();
      if (remaining <= 0) break;
      attempts++;
      const timeoutMs = Math.min(this.o.timeoutMs, remaining);
      const result = await this.attempt(url, request, timeoutMs);
      let retryAfter: number | null = null;
      if (result.kind === "response") {
        if (!retryable(result.status)) return { ok: true, ...withoutKind(result), attempts };
        busy = result.status === 429;
        reason = `it answered HTTP ${result.status}${busy ? " (too many requests)" : ""}`;
        retryAfter = parseRetryAfter(result.headers.get("retry-after"), clock.now());
      } else if (result.kind === "timeout") {
        // A service that hangs once tends to hang again; the person should not wait twice.
        const reason = `it did not answer within ${seconds(timeoutMs)}`;
        // Cut short by our own queue: not asked in full (busy). Otherwise it was slow.
        if (timeoutMs < fullTimeoutMs) return failed(reason, attempts, true);
        return { ok: false, reason, attempts, slow: true };
      } else if (result.kind === "too_large") {
        return failed("its answer was larger than we accept", attempts, false);
      } else {
        busy = false;
        reason = `the connection failed (${result.message})`;
      }
      if (attempts >= maxAttempts) break;
      if (retryAfter !== null && retryAfter > this.o.maxRetryAfterMs) {
        return failed(`${reason}, asking us to wait ${seconds(retryAfter)}`, attempts, busy);
      }
      const delay =
        retryAfter ??
        backoffDelay(attempts, this.o.backoffBaseMs, this.o.backoffMaxMs, this.o.random);
      if (clock.now() + delay >= deadline) break;
      await clock.sleep(delay);
    }
    return failed(reason, attempts, busy);
  }

  private async attempt(url: string, request: RequestOptions, timeoutMs: number): Promise<Attempt> {
    try {
      const response = await this.o.fetch(url, {
        headers: {
          "User-Agent": this.o.userAgent,
          Accept: request.accept ?? "*/*",
          ...request.headers,
        },
        signal: AbortSignal.timeout(timeoutMs),
      });
      const body = await readBounded(response, this.o.maxResponseBytes);
      if (body === null) return { kind: "too_large" };
      return { kind: "response", status: response.status, headers: response.headers, body };
    } catch (error) {
      if (
        error instanceof Error &&
        (error.name === "TimeoutError" || error.name === "AbortError")
      ) {
        return { kind: "timeout" };
      }
      return { kind: "network", message: networkMessage(error) };
    }
  }
}

function failed(reason: string, attempts: number, busy: boolean): HttpOutcome {
  return busy ? { ok: false, reason, attempts, busy } : { ok: false, reason, attempts };
}

function retryable(status: number): boolean {
  return status === 429 || status >= 500;
}

function withoutKind(r: { status: number; headers: Headers; body: string }) {
  return { status: r.status, headers: r.headers, body: r.body };
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

function seconds(ms: number): string {
  return `${Math.ceil(ms / 100) / 10} s`;
}

function networkMessage(error: unknown): string {
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (typeof cause?.code === "string") return cause.code;
  return error instanceof Error ? error.message : String(error);
}

/** The body as UTF-8 text, or null past `max` bytes (stops reading there). */
async function readBounded(response: Response, max: number): Promise<string | null> {
  if (Number(response.headers.get("content-length") ?? 0) > max) {
    await response.body?.cancel();
    return null;
  }
  if (!response.body) return "";
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body) {
    total += chunk.byteLength;
    if (total > max) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
