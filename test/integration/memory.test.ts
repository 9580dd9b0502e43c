import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePaper, makeSummary, makeUser } from "../helpers/factories";
import { rawRequest } from "../helpers/raw-http";
import { createTestDb, type TestDb } from "../helpers/test-db";

// The server as it runs in production, in its own process: its resident memory stays flat
// while anonymous readers bust the page cache with query strings and oversized POSTs stream
// in. Before bounds, 1,000 `?v=N` requests took it from 207 MB to 5.3 GB, and one 300 MB POST
// to 1.4 GB. Run on SQLite and PostgreSQL (TEST_DATABASE_URL). Linux: reads /proc.

const CACHE_BUSTING_REQUESTS = 2_000;
const OVERSIZED_POSTS = 20;
const OVERSIZED_BYTES = 50 * 1024 * 1024;
const MAX_GROWTH_MB = 100;
const CONCURRENCY = 16;

let testDb: TestDb;
let child: ChildProcess;
let baseUrl: string;
let outbox: string;
let paths: string[];

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
  return kb / 1024;
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

async function startServer(databaseUrl: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  // Vitest sets BASE_URL="/" (Vite's) in its own environment: not ours to pass on.
  const { BASE_URL: _vite, ...inherited } = process.env;
  const proc = spawn(process.execPath, ["--import", "tsx", "src/main.ts", "serve"], {
    env: {
      ...inherited,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      OUTBOX_DIR: outbox,
      METADATA_OFFLINE: "1",
      RENDER_WORKERS: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("is serving on")) resolve();
    };
    proc.stdout?.on("data", onData);
    proc.stderr?.on("data", onData);
    proc.once("exit", (code) =>
      reject(new Error(`server exited (${code}): ${output.slice(-2000)}`)),
    );
  });
  await ready;
  return { child: proc, url: `http://127.0.0.1:${port}` };
}

async function get(path: string): Promise<number> {
  const res = await fetch(`${baseUrl}${path}`);
  await res.arrayBuffer();
  return res.status;
}

/** Runs `count` tasks, `concurrency` at a time. */
async function pool(count: number, concurrency: number, task: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

beforeAll(async () => {
  testDb = await createTestDb();
  outbox = mkdtempSync(join(tmpdir(), "shortscience-memory-"));
  const db = testDb.db.kysely;
  // Pages worth caching: a summary dense in math makes each ~0.5 MB.
  const fractions = "$\\frac{a}{b}$ ".repeat(700);
  const author = await makeUser(db);
  const paper = await makePaper(db);
  const summaryId = await makeSummary(db, paper.id, author.id, { source: fractions });
  paths = ["/", `/summary/${summaryId}`, `/paper/arxiv/${paper.arxiv}`, `/user/${author.username}`];
  ({ child, url: baseUrl } = await startServer(testDb.url));
}, 120_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill("SIGTERM");
    await once(child, "exit");
  }
  await testDb?.drop();
  rmSync(outbox, { recursive: true, force: true });
});

describe("memory under hostile traffic", () => {
  it("RSS stays flat through cache-busting reads and oversized POSTs", {
    timeout: 300_000,
  }, async () => {
    const pid = child.pid as number;
    for (const path of paths) expect(await get(path), path).toBe(200);
    const pageBytes = (await (await fetch(`${baseUrl}/`)).arrayBuffer()).byteLength;
    expect(pageBytes).toBeGreaterThan(300_000);
    // Warm up: JIT, connection handling, one refused upload, so that growth is what remains.
    await pool(200, CONCURRENCY, async (i) => {
      expect(await get(`${paths[i % paths.length]}?warm=${i}`)).toBe(200);
    });
    const warm = await rawRequest(baseUrl, {
      method: "POST",
      path: "/login",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      streamBytes: OVERSIZED_BYTES,
    });
    expect(warm.status).toBe(413);
    const baseline = rssMb(pid);

    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMb(pid));
    }, 50);
    try {
      const statuses = new Map<number, number>();
      const reads = pool(CACHE_BUSTING_REQUESTS, CONCURRENCY, async (i) => {
        const status = await get(`${paths[i % paths.length]}?v=${i}`);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      });
      const uploads = pool(OVERSIZED_POSTS, 4, async (i) => {
        const r = await rawRequest(baseUrl, {
          method: "POST",
          path: i % 2 ? "/summaries" : "/login",
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          streamBytes: OVERSIZED_BYTES,
        });
        expect(r.status).toBe(413);
      });
      await Promise.all([reads, uploads]);
      expect([...statuses]).toEqual([[200, CACHE_BUSTING_REQUESTS]]);
    } finally {
      clearInterval(sampler);
    }
    const after = rssMb(pid);
    expect(
      peak - baseline,
      `baseline ${baseline.toFixed(0)} MB, peak ${peak.toFixed(0)} MB, after ${after.toFixed(0)} MB`,
    ).toBeLessThan(MAX_GROWTH_MB);
    expect(after - baseline).toBeLessThan(MAX_GROWTH_MB);
  });
});
