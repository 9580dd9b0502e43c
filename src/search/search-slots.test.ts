import { describe, expect, it } from "vitest";
import { BusyError, RateLimitedError } from "../core/errors";
import { SEARCH_BUSY_RETRY_AFTER_S } from "../core/limits";
import { createSearchSlots, SEARCH_BUSY, SearchAbandonedError } from "./search-slots";

describe("search slots", () => {
  it("runs `max` at once, queues `queueMax` more, refuses the rest, and hands each freed slot on in order", async () => {
    const slots = createSearchSlots(2, 2, 10);
    const a = await slots.acquire("a");
    const b = await slots.acquire("b");
    const order: string[] = [];
    const inLine = (name: string) =>
      slots.acquire(name).then((free) => {
        order.push(name);
        return free;
      });
    const c = inLine("c");
    const d = inLine("d");
    expect([slots.running, slots.waiting]).toEqual([2, 2]);
    await expect(slots.acquire("e")).rejects.toEqual(
      new BusyError(SEARCH_BUSY, SEARCH_BUSY_RETRY_AFTER_S),
    );
    a();
    a(); // a second call frees nothing more
    const freeC = await c;
    expect(order).toEqual(["c"]);
    expect([slots.running, slots.waiting]).toEqual([2, 1]);
    b();
    const freeD = await d;
    expect(order).toEqual(["c", "d"]);
    freeC();
    freeD();
    expect([slots.running, slots.waiting]).toEqual([0, 0]);
    // Free again: runs at once.
    (await slots.acquire("f"))();
    expect(slots.running).toBe(0);
  });

  it("gives one client at most its share of running and waiting places, and them back when freed", async () => {
    const slots = createSearchSlots(1, 5, 2);
    const first = await slots.acquire("greedy");
    const second = slots.acquire("greedy"); // waits
    await expect(slots.acquire("greedy")).rejects.toBeInstanceOf(RateLimitedError);
    // Others still find room in the line.
    const other = slots.acquire("other");
    expect(slots.waiting).toBe(2);
    first();
    (await second)();
    (await other)();
    expect([slots.running, slots.waiting]).toEqual([0, 0]);
    (await slots.acquire("greedy"))();
  });

  it("gives a caller that names no client (a test, the bench) no share to exceed", async () => {
    const slots = createSearchSlots(1, 5, 1);
    const frees = [slots.acquire(), slots.acquire(), slots.acquire()];
    expect([slots.running, slots.waiting]).toEqual([1, 2]);
    for (const free of frees) (await free)();
    expect([slots.running, slots.waiting]).toEqual([0, 0]);
  });

  it("lets a search whose request closed leave the line, and gives its turn to the next", async () => {
    const slots = createSearchSlots(1, 3, 1);
    const first = await slots.acquire("a");
    const leaving = new AbortController();
    const left = slots.acquire("b", leaving.signal);
    const order: string[] = [];
    const next = slots.acquire("c").then((free) => {
      order.push("c");
      return free;
    });
    expect(slots.waiting).toBe(2);
    leaving.abort();
    await expect(left).rejects.toBeInstanceOf(SearchAbandonedError);
    expect(slots.waiting).toBe(1);
    // Its client's place is free again: "b" may wait once more (its share is 1).
    const again = slots.acquire("b");
    expect(slots.waiting).toBe(2);
    first();
    const freeC = await next;
    expect(order).toEqual(["c"]);
    freeC();
    (await again)();
    expect([slots.running, slots.waiting]).toEqual([0, 0]);
  });

  it("refuses a request already closed, and ignores a close once the slot is given", async () => {
    const slots = createSearchSlots(1, 3, 1);
    const closed = new AbortController();
    closed.abort();
    await expect(slots.acquire("a", closed.signal)).rejects.toBeInstanceOf(SearchAbandonedError);
    expect([slots.running, slots.waiting]).toEqual([0, 0]);
    const late = new AbortController();
    const free = await slots.acquire("a", late.signal);
    late.abort();
    expect(slots.running).toBe(1);
    free();
    expect(slots.running).toBe(0);
  });
});
