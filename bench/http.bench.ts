import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";

export interface HttpFigure {
  name: string;
  bytes: number;
  requestsPerSecond: number;
  p99Ms: number;
}

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = 64;

function waitForLine(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = "";
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const m = pattern.exec(buffer);
      if (m) {
        child.stdout?.off("data", onData);
        resolve(m[1] ?? m[0]);
      }
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code) =>
      reject(new Error(`server exited (${code}) before it was ready:\n${buffer}`)),
    );
  });
}

/** wrk (C, from Debian) when installed: autocannon's own parsing costs CPU on large pages. */
export const loadTool = spawnSync("wrk", ["--version"]).error ? "autocannon" : "wrk";

function loadWithWrk(url: string): { rps: number; p99: number } {
  const r = spawnSync("wrk", ["-t1", `-c${CONNECTIONS}`, `-d${DURATION_S}s`, "--latency", url], {
    encoding: "utf8",
  });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(r.stdout)?.[1]);
  const p99 = /\s99%\s+([\d.]+)(us|ms|s)/.exec(r.stdout);
  const scale = { us: 0.001, ms: 1, s: 1000 }[(p99?.[2] ?? "ms") as "us" | "ms" | "s"];
  if (/Non-2xx|Socket errors/.test(r.stdout) || !rps)
    throw new Error(`${url}: wrk says\n${r.stdout}`);
  return { rps, p99: Number(p99?.[1]) * scale };
}

async function load(url: string): Promise<{ rps: number; p99: number }> {
  if (loadTool === "wrk") return loadWithWrk(url);
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    pipelining: 1,
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  }
  return { rps: result.requests.average, p99: result.latency.p99 };
}

/** Serves the demo from the built bundle in its own process and loads it from this one. */
export async function benchHttp(paths: Record<string, string>): Promise<HttpFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), "shortscience-bench-"));
  const env = {
    ...process.env,
    DATABASE_URL: `sqlite:${join(dir, "bench.db")}`,
    PORT: "3917",
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
  };
  const children: ChildProcess[] = [];
  try {
    const app = spawn(process.execPath, ["bin/shortscience.js", "start"], {
      env,
      stdio: ["ignore", "pipe", "inherit"],
    });
    children.push(app);
    const base = "http://127.0.0.1:3917";
    await waitUntilUp(`${base}/healthz`);
    const figures: HttpFigure[] = [];
    for (const [name, path] of Object.entries(paths)) {
      const body = Buffer.from(await (await fetch(base + path)).arrayBuffer());
      const r = await load(base + path);
      figures.push({
        name: `app ${name} (${path})`,
        bytes: body.length,
        requestsPerSecond: r.rps,
        p99Ms: r.p99,
      });

      const file = join(dir, `${name}.html`);
      writeFileSync(file, body);
      const plain = spawn(process.execPath, ["bench/plain-server.mjs", file], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      children.push(plain);
      const port = await waitForLine(plain, /^(\d+)\n/);
      const p = await load(`http://127.0.0.1:${port}/`);
      figures.push({
        name: `node:http, same ${name} bytes`,
        bytes: body.length,
        requestsPerSecond: p.rps,
        p99Ms: p.p99,
      });
      plain.kill();
    }
    return figures;
  } finally {
    for (const c of children) c.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function waitUntilUp(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}
