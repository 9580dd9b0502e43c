import { afterAll, describe, expect, it } from "vitest";
import { renderMarkdown } from "../render";
import { createRenderPool, createTestRenderPool, RenderTimeoutError } from "./pool";

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
