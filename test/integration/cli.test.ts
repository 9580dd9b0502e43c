import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { connect } from "../../src/db/connect";
import { type CliDatabase, createCliDatabase } from "../helpers/cli-db";
import { runCli } from "../helpers/cli-run";

const dir = mkdtempSync(join(tmpdir(), "shortscience-cli-"));
// Databases on TEST_DATABASE_URL's server when it is set (CI's PostgreSQL run), else SQLite.
const databases: CliDatabase[] = [];
async function freshDatabase(): Promise<string> {
  const db = await createCliDatabase();
  databases.push(db);
  return db.url;
}
afterAll(async () => {
  for (const db of databases) await db.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** The CLI as a separate process with its own environment. */
const cli = runCli;

async function countPapers(url: string): Promise<number> {
  const db = connect(url);
  try {
    const rows = await db.kysely.selectFrom("papers").select("id").execute();
    return rows.length;
  } finally {
    await db.close();
  }
}

describe("shortscience CLI", () => {
  it("migrate creates the database; demo fills it once; demo again adds nothing", async () => {
    const url = await freshDatabase();
    const migrate = await cli(["migrate"], { DATABASE_URL: url });
    expect(migrate.code).toBe(0);
    expect(await countPapers(url)).toBe(0);
    const demo = await cli(["demo"], { DATABASE_URL: url });
    expect(demo.stdout).toMatch(/added 5 papers/);
    const again = await cli(["demo"], { DATABASE_URL: url });
    expect(again.stdout).toMatch(/already has papers/);
    expect(await countPapers(url)).toBe(5);
  });

  it("stops with a message naming a bad variable, and no stack trace", async () => {
    const r = await cli(["migrate"], { DATABASE_URL: `sqlite:${join(dir, "b.db")}`, PORT: "http" });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/PORT="http"/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("refuses an unknown command with the usage", async () => {
    const r = await cli(["frobnicate"], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Usage: shortscience");
  });
});

describe("shortscience serve", () => {
  it("serves an empty database without adding demo content, and stops on SIGTERM", async () => {
    const { spawn } = await import("node:child_process");
    const url = await freshDatabase();
    const port = String(20_000 + Math.floor(Math.random() * 20_000));
    const { BASE_URL: _vite, ...inherited } = process.env;
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "src/main.ts", "serve", "--workers", "1"],
      {
        env: { ...inherited, DATABASE_URL: url, PORT: port, HOST: "127.0.0.1", LOG_LEVEL: "info" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    try {
      // The server says when it listens; wait for that line instead of sleeping.
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (d: Buffer) => {
          if (d.toString().includes("is serving on")) resolve();
        });
        child.once("exit", (code) => reject(new Error(`serve exited early (${code})`)));
      });
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      const home = await (await fetch(`http://127.0.0.1:${port}/`)).text();
      expect(home).toContain("No summaries here yet.");
      expect(await countPapers(url)).toBe(0);
    } finally {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    }
  });
});
