import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./cli-run";

const dir = mkdtempSync(join(tmpdir(), "shortscience-cli-run-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("runCli", () => {
  it("runs a command with the given environment, without Vitest's BASE_URL", async () => {
    // Vitest's BASE_URL ("/") would stop start-up: the migration runs only if it is left out.
    expect(process.env.BASE_URL).toBe("/");
    const r = await runCli(["migrate"], { DATABASE_URL: `sqlite:${join(dir, "a.db")}` });
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toMatch(/is up to date/);
  });

  it("resolves a failing exit with its code and output", async () => {
    const r = await runCli(["frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "frobnicate"');
  });
});
