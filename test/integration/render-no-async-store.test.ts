import { AsyncLocalStorage } from "node:async_hooks";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { addComment } from "../../src/comments/comments.service";
import { createClient } from "../helpers/client";
import { makePaper, makeSummary } from "../helpers/factories";
import { sessionClient } from "../helpers/sessions";
import { createTestApp, type TestApp, testRender } from "../helpers/test-app";

// Issue 12, point 1: hono/jsx prints an element inside AsyncLocalStorage.run, and on Node 20
// the first such run turns on promise hooks for every promise the process makes from then on
// (about 15% of a logged-in paper page's throughput). Pages print through core/render-html.ts
// instead, and no view is an async component (hono resumes those inside its store). Served
// pages of every kind, anonymous and logged in, must never enter an AsyncLocalStorage.

let t: TestApp;
let paths: string[];
beforeAll(async () => {
  t = await createTestApp();
  const paper = await makePaper(t.db, { title: "Store-free paper with $x^2$" });
  const { client: writer, account } = await sessionClient(t);
  const summaryId = await makeSummary(t.db, paper.id, account.id, {
    source: "A summary with math $\\alpha$ and a [link](https://example.org).",
  });
  await addComment(t.db, testRender, { summaryId, userId: account.id, source: "A comment." });
  await writer.get("/"); // the writer's own views are among those checked below
  paths = [
    "/",
    "/?tab=recent",
    `/paper/arxiv/${paper.arxiv}`,
    `/summary/${summaryId}`,
    `/summary/${summaryId}/history`,
    `/user/${account.username}`,
    `/user/${account.username}/comments`,
    "/search?q=store",
    "/venues",
    "/users",
    "/about",
    "/login",
    "/papers/new",
    "/settings",
    "/notifications",
    "/no-such-page",
  ];
});
afterAll(async () => {
  await t.close();
});

it("serves every kind of page, anonymous and logged in, without entering an AsyncLocalStorage", async () => {
  const run = vi.spyOn(AsyncLocalStorage.prototype, "run");
  const enterWith = vi.spyOn(AsyncLocalStorage.prototype, "enterWith");
  try {
    const anonymous = createClient(t);
    const { client: reader } = await sessionClient(t);
    let pages = 0;
    for (const client of [anonymous, reader]) {
      for (const path of paths) {
        const res = await client.get(path);
        const body = await res.text();
        expect(res.status, path).toBeLessThan(500);
        if ((res.headers.get("Content-Type") ?? "").startsWith("text/html")) {
          expect(body, path).toMatch(/^<!DOCTYPE html><html/);
          pages++;
        }
      }
    }
    expect(pages).toBeGreaterThanOrEqual(paths.length * 2 - 4);
    expect(run).not.toHaveBeenCalled();
    expect(enterWith).not.toHaveBeenCalled();
  } finally {
    run.mockRestore();
    enterWith.mockRestore();
  }
});
