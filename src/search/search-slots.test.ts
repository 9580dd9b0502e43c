import { describe, expect, it } from "vitest";
import { DomainError } from "../core/errors";
import { createSearchSlots, SEARCH_BUSY } from "./search-slots";

describe("search slots", () => {
  it("runs `max` at once, queues `queueMax` more, refuses the rest, and hands each freed slot on in order", async () => {
    const slots = createSearchSlots(2, 2);
    const a = await slots.acquire();
    const b = await slots.acquire();
    const order: string[] = [];
    const inLine = (name: string) =>
      slots.acquire().then((free) => {
        order.push(name);
        return free;
      });
    const c = inLine("c");
    const d = inLine("d");
    expect([slots.running, slots.waiting]).toEqual([2, 2]);
    await expect(slots.acquire()).rejects.toEqual(new DomainError("unavailable", SEARCH_BUSY));
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
    (await slots.acquire())();
    expect(slots.running).toBe(0);
  });
});
