import { afterAll, describe, expect, it } from "vitest";
import { RenderTimeoutError } from "../core/render-contract";
import { renderMarkdown } from "../render";
import { createRenderPool, createTestRenderPool } from "./pool";

describe("render pool", () => {
  const pool = createTestRenderPool({ workers: 1, deadlineMs: 1_000 });
  afterAll(() => pool.close());

  it("renders in a worker what renderMarkdown renders in-process", async () => {
    const source = "Some *text* with $x_i^2$ and $$\\frac{a}{b}$$.";
    expect(await pool.render(source)).toEqual(renderMarkdown(source));
  });

  it("rejects a render past the deadline quickly, and keeps working", async () => {
    const started = performance.now();
    await expect(pool.renderBusy("never shown", 60_000)).rejects.toBeInstanceOf(RenderTimeoutError);
    expect(performance.now() - started).toBeLessThan(10_000);
    const after = await pool.render("$y$ still renders");
    expect(after.mathCount).toBe(1);
    expect(after.mathErrors).toEqual([]);
  });

  it("keeps the event loop responsive while a render runs", async () => {
    const busy = pool.renderBusy("$z$", 600);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const result = await busy;
    clearInterval(timer);
    expect(result.mathCount).toBe(1);
    // 600 ms of work in the worker; a blocked loop would have ticked at most once.
    expect(ticks).toBeGreaterThan(10);
  });

  it("createRenderPool renders with the app's options", async () => {
    const plain = createRenderPool({ workers: 1, deadlineMs: 5_000 });
    try {
      const result = await plain.render("plain $a$");
      expect(result.mathCount).toBe(1);
    } finally {
      await plain.close();
    }
  });
});

describe("render deadline", () => {
  it("does not charge a render for the start-up of the thread that replaced a stopped one", async () => {
    // Every thread burns 1.5 s of CPU while it starts, as on a loaded machine; the deadline is
    // 1 s. The render after a timed-out one waits for a fresh thread, and must still succeed.
    const slow = createTestRenderPool({ workers: 1, deadlineMs: 1_000, startupBusyMs: 1_500 });
    try {
      expect((await slow.render("$a$ first")).mathCount).toBe(1);
      await expect(slow.renderBusy("never shown", 60_000)).rejects.toMatchObject({
        name: "RenderTimeoutError",
        reason: "deadline",
      });
      const after = await slow.render("$b$ right after");
      expect(after.mathCount).toBe(1);
    } finally {
      await slow.close();
    }
  });

  it("refuses a render that finds no free thread within the queue bound", async () => {
    // The bound covers a thread's start-up too, so it is far above any start-up here; the
    // running render outlasts it.
    const busy = createTestRenderPool({ workers: 1, deadlineMs: 20_000, queueMaxWaitMs: 4_000 });
    try {
      const first = busy.renderBusy("$c$", 8_000);
      const queuedAt = performance.now();
      await expect(busy.render("$d$ queued")).rejects.toMatchObject({
        name: "RenderTimeoutError",
        reason: "queue",
      });
      expect(performance.now() - queuedAt).toBeLessThan(7_500);
      // The running render is not disturbed by the refused one behind it.
      expect((await first).mathCount).toBe(1);
    } finally {
      await busy.close();
    }
  });
});
