import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../../test/fixtures/metadata/harness";
import { replayServers } from "../../../test/helpers/replay-servers";
import { backoffDelay, parseRetryAfter } from "./backoff";
import { HttpClient, type HttpClientOptions, OFFLINE_REASON } from "./http-client";

const { serve, servers } = replayServers();

/** A client on a virtual clock whose fetch notes the virtual time of every request. */
function client(options: Partial<HttpClientOptions> = {}) {
  const clock = new VirtualClock();
  const sentAt: number[] = [];
  const http = new HttpClient({
    userAgent: "ShortScience/test (+http://localhost:3000; mailto:ops@example.org)",
    clock,
    random: () => 0.5,
    fetch: (input, init) => {
      sentAt.push(clock.now());
      return fetch(input, init);
    },
    ...options,
  });
  return { http, clock, sentAt };
}

describe("HttpClient", () => {
  it("sends the User-Agent with the operator's contact and the Accept asked for", async () => {
    const server = await serve([[/^\/ok$/, { status: 200, body: "fine" }]]);
    const { http } = client();
    const out = await http.get(`${server.baseUrl}/ok`, { accept: "application/json" });
    expect(out).toMatchObject({ ok: true, status: 200, body: "fine", attempts: 1 });
    expect(server.requests[0]?.headers["user-agent"]).toBe(
      "ShortScience/test (+http://localhost:3000; mailto:ops@example.org)",
    );
    expect(server.requests[0]?.headers.accept).toBe("application/json");
  });

  it("waits as long as Retry-After says after a 429, then succeeds", async () => {
    const server = await serve([
      [
        /^\/x$/,
        [
          { status: 429, headers: { "Retry-After": "2" } },
          { status: 200, body: "ok" },
        ],
      ],
    ]);
    const { http, clock, sentAt } = client({ defaultIntervalMs: 0 });
    const out = await http.get(`${server.baseUrl}/x`);
    expect(out).toMatchObject({ ok: true, body: "ok", attempts: 2 });
    expect(server.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([2_000]);
    expect((sentAt[1] ?? 0) - (sentAt[0] ?? 0)).toBe(2_000);
  });

  it("retries a 500 after an exponential, jittered backoff", async () => {
    const server = await serve([[/^\/x$/, [{ status: 500 }, { status: 200, body: "ok" }]]]);
    const { http, clock } = client({ defaultIntervalMs: 0, backoffBaseMs: 400 });
    const out = await http.get(`${server.baseUrl}/x`);
    expect(out).toMatchObject({ ok: true, attempts: 2 });
    // Equal jitter with random() = 0.5: half of 400, plus a half of the other half.
    expect(clock.sleeps).toEqual([300]);
  });

  it("gives up after the last attempt with the status as the reason", async () => {
    const server = await serve([[/^\/x$/, { status: 503 }]]);
    const { http, clock } = client({ defaultIntervalMs: 0, backoffBaseMs: 400, maxAttempts: 3 });
    const out = await http.get(`${server.baseUrl}/x`);
    expect(out).toEqual({ ok: false, reason: "it answered HTTP 503", attempts: 3 });
    expect(server.requests).toHaveLength(3);
    expect(clock.sleeps).toEqual([300, 600]);
  });

  it("does not wait for a Retry-After longer than the limit", async () => {
    const server = await serve([[/^\/x$/, { status: 429, headers: { "Retry-After": "120" } }]]);
    const { http, clock } = client({ defaultIntervalMs: 0 });
    const out = await http.get(`${server.baseUrl}/x`);
    expect(out).toEqual({
      ok: false,
      reason: "it answered HTTP 429 (too many requests), asking us to wait 120 s",
      attempts: 1,
      busy: true,
    });
    expect(clock.sleeps).toEqual([]);
  });

  it("stops retrying when the next wait would pass the total time budget", async () => {
    const server = await serve([[/^\/x$/, { status: 503, headers: { "Retry-After": "3" } }]]);
    const { http } = client({ defaultIntervalMs: 0, totalBudgetMs: 5_000, maxAttempts: 5 });
    const out = await http.get(`${server.baseUrl}/x`);
    expect(out).toMatchObject({ ok: false, attempts: 2 });
    expect(server.requests).toHaveLength(2);
  });

  it("ends a request that hangs at the timeout, without retrying it", async () => {
    const server = await serve([[/^\/x$/, { hang: true }]]);
    const { http } = client({ timeoutMs: 150 });
    const out = await http.get(`${server.baseUrl}/x`);
    expect(out).toEqual({
      ok: false,
      reason: "it did not answer within 0.2 s",
      attempts: 1,
      slow: true,
    });
    expect(server.requests).toHaveLength(1);
  });

  it("returns a 404 as an answer, without retrying", async () => {
    const server = await serve([[/^\/x$/, { status: 404, body: "nope" }]]);
    const { http } = client();
    expect(await http.get(`${server.baseUrl}/x`)).toMatchObject({
      ok: true,
      status: 404,
      attempts: 1,
    });
    expect(server.requests).toHaveLength(1);
  });

  it("retries network errors and reports them", async () => {
    const server = await serve([]);
    const url = `${server.baseUrl}/x`;
    await server.close();
    servers.length = 0;
    const { http, clock } = client({ defaultIntervalMs: 0, maxAttempts: 2 });
    const out = await http.get(url);
    expect(out).toEqual({ ok: false, reason: "the connection failed (ECONNREFUSED)", attempts: 2 });
    expect(clock.sleeps).toHaveLength(1);
  });

  it("spaces requests to one host by its interval, measured on the injected clock", async () => {
    const a = await serve([[/./, { status: 200 }]]);
    const b = await serve([[/./, { status: 200 }]]);
    const { http, clock, sentAt } = client();
    const start = clock.now();
    const polite = { minIntervalMs: 3_000 };
    await Promise.all([
      http.get(`${a.baseUrl}/1`, polite),
      http.get(`${a.baseUrl}/2`, polite),
      http.get(`${a.baseUrl}/3`, polite),
    ]);
    expect(sentAt.map((t) => t - start)).toEqual([0, 3_000, 6_000]);
    // Another host has its own queue: no wait.
    const before = clock.now();
    await http.get(`${b.baseUrl}/1`, polite);
    expect(sentAt.at(-1)).toBe(before);
    expect(a.requests.map((r) => r.url)).toEqual(["/1", "/2", "/3"]);
  });

  it("refuses to queue past the time budget", async () => {
    const server = await serve([[/./, { status: 200 }]]);
    const { http } = client({ totalBudgetMs: 5_000 });
    const polite = { minIntervalMs: 3_000 };
    const outs = await Promise.all(
      [1, 2, 3].map((n) => http.get(`${server.baseUrl}/${n}`, polite)),
    );
    expect(outs.map((o) => o.ok)).toEqual([true, true, false]);
    expect(server.requests).toHaveLength(2);
  });

  it("tells 'not asked' (busy) from a real failure: queue full, 429, an attempt cut by queueing", async () => {
    const server = await serve([
      [/^\/slow/, { hang: true }],
      [/^\/limited/, { status: 429 }],
      [/^\/down/, { status: 503 }],
    ]);
    const { http } = client({ totalBudgetMs: 500, timeoutMs: 400, defaultIntervalMs: 0 });
    const polite = { minIntervalMs: 300 };
    // The first waits for nothing; the second's slot comes 0.3 s later, leaving it 0.2 s of
    // the 0.4 s it would get; the third does not fit the budget.
    const outs = await Promise.all([1, 2, 3].map(() => http.get(`${server.baseUrl}/slow`, polite)));
    expect(outs).toEqual([
      { ok: false, reason: "it did not answer within 0.4 s", attempts: 1, slow: true },
      { ok: false, reason: "it did not answer within 0.2 s", attempts: 1, busy: true },
      { ok: false, reason: "too many lookups are already waiting for it", attempts: 0, busy: true },
    ]);
    expect(await http.get(`${server.baseUrl}/limited`)).toMatchObject({ ok: false, busy: true });
    expect(await http.get(`${server.baseUrl}/down`)).not.toHaveProperty("busy");
  });

  it("sends nothing when offline", async () => {
    const server = await serve([[/./, { status: 200 }]]);
    const { http, sentAt } = client({ offline: true });
    expect(await http.get(`${server.baseUrl}/x`)).toEqual({
      ok: false,
      reason: OFFLINE_REASON,
      attempts: 0,
    });
    expect(sentAt).toEqual([]);
    expect(server.requests).toEqual([]);
  });

  it("refuses answers larger than the limit", async () => {
    const server = await serve([[/./, { status: 200, body: "x".repeat(2_000) }]]);
    const { http } = client({ maxResponseBytes: 1_000 });
    expect(await http.get(`${server.baseUrl}/x`)).toMatchObject({ ok: false, attempts: 1 });
  });
});

describe("backoff", () => {
  it("reads Retry-After as seconds or as an HTTP date", () => {
    const now = Date.UTC(2026, 10, 26, 12);
    expect(parseRetryAfter("7", now)).toBe(7_000);
    expect(parseRetryAfter("Thu, 26 Nov 2026 12:00:05 GMT", now)).toBe(5_000);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it("doubles up to a cap, with jitter in the upper half", () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, 500, 4_000, () => 1))).toEqual([
      500, 1_000, 2_000, 4_000, 4_000,
    ]);
    expect(backoffDelay(3, 500, 4_000, () => 0)).toBe(1_000);
  });
});
