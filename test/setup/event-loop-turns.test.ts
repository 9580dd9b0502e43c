import { expect, it } from "vitest";

// The setup file (event-loop-turns.ts) starts each test on a new turn of the event loop:
// a callback the first test leaves for the next turn has run when the second one starts.

let turned = false;

it("runs without awaiting anything, and leaves a callback for the next turn", () => {
  setImmediate(() => {
    turned = true;
  });
  expect(turned).toBe(false);
});

it("starts after that turn", () => {
  expect(turned).toBe(true);
});
