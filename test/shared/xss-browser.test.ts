import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LiveServer, startLiveServer } from "../helpers/live-server";
import { pagesFor, seedPayloads, visitAll } from "../helpers/xss-browser";

const shared = process.env.SHARED_DIR ?? resolve("../shared");
const payloads = readFileSync(join(shared, "corpus/xss/rsnake.txt"), "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "");

let server: LiveServer;
beforeAll(async () => {
  server = await startLiveServer({ demo: false });
});
afterAll(async () => {
  await server?.close();
});

describe("rsnake's XSS list in a real browser", () => {
  it("as summary, comment, display name and bio: no script runs, no dialog, no CSP violation", async () => {
    expect(payloads.length).toBeGreaterThanOrEqual(72);
    const seed = await seedPayloads(server.t.db, payloads);
    const report = await visitAll(server, pagesFor(seed));
    expect(report.pages).toBeGreaterThan(payloads.length);
    expect(report.dialogs).toEqual([]);
    expect(report.recorded).toEqual([]);
  });
});
