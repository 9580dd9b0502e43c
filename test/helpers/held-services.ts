// A metadata service that holds every request until the test releases it, and a clock whose
// waits last until released: a lookup can be caught "in flight" or "queued" deterministically,
// by awaiting events instead of sleeping.

import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Clock } from "../../src/papers/resolvers/clock";
import type { Reply } from "../fixtures/metadata/harness";

/** Resolves waiters once a count reaches what they wait for. */
class Counter {
  value = 0;
  private waiters: { n: number; done: () => void }[] = [];

  add(): void {
    this.value++;
    for (const w of this.waiters.filter((w) => this.value >= w.n)) w.done();
    this.waiters = this.waiters.filter((w) => this.value < w.n);
  }

  reached(n: number): Promise<void> {
    if (this.value >= n) return Promise.resolve();
    return new Promise((done) => this.waiters.push({ n, done }));
  }
}

export interface HeldServer {
  baseUrl: string;
  /** Paths and queries received, in order. */
  urls: string[];
  /** Resolves once `n` requests have arrived. */
  arrived(n: number): Promise<void>;
  /** Answers the held requests, and every later one at once. */
  release(): void;
  close(): Promise<void>;
}

export async function startHeldServer(reply: (url: string) => Reply): Promise<HeldServer> {
  const urls: string[] = [];
  const count = new Counter();
  let held: (() => void)[] | null = [];
  const answer = (res: ServerResponse, r: Reply) => {
    res.writeHead(r.status ?? 200, r.headers ?? {});
    res.end(r.body ?? "");
  };
  const server = createServer((req, res) => {
    const url = req.url ?? "/";
    urls.push(url);
    const r = reply(url);
    if (held) held.push(() => answer(res, r));
    else answer(res, r);
    count.add();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    urls,
    arrived: (n) => count.reached(n),
    release() {
      const waiting = held ?? [];
      held = null;
      for (const send of waiting) send();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Time stands still, and every wait (politeness, backoff) lasts until release(). */
export class HeldClock implements Clock {
  private at = Date.UTC(2026, 11, 1, 8);
  private readonly sleepers = new Counter();
  private held: (() => void)[] | null = [];

  now = (): number => this.at;

  sleep = (_ms: number): Promise<void> => {
    const held = this.held;
    if (!held) return Promise.resolve();
    return new Promise<void>((wake) => {
      held.push(wake);
      this.sleepers.add();
    });
  };

  /** Resolves once `n` waits have begun. */
  waiting(n: number): Promise<void> {
    return this.sleepers.reached(n);
  }

  release(): void {
    const waiting = this.held ?? [];
    this.held = null;
    for (const wake of waiting) wake();
  }

  /** Moves time on (after the released lookups ended): the queue's slots are in the past. */
  advance(ms: number): void {
    this.at += ms;
  }
}
