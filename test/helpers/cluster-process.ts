import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import http from "node:http";

// `shortscience serve --workers N` as an OS process, and a way to tell which worker answered
// a request without the app saying so (no header may leak that): the test looks up, in /proc,
// which process holds the server end of the connection the answer came on. Linux only.

/** waitForLog's default wait: less than a test's 30 s, so its own message is the one seen. */
const LOG_WAIT_MS = 25_000;

export interface LogLine {
  pid: number;
  msg: string;
  [key: string]: unknown;
}

export interface ClusterProcess {
  child: ChildProcess;
  url: string;
  port: number;
  /** Every JSON log line so far, from the primary and the workers (one stdout). */
  logs: LogLine[];
  /** Resolves with the first log line (already seen or to come) that `match` accepts. */
  waitForLog(match: (l: LogLine) => boolean, what: string, waitMs?: number): Promise<LogLine>;
  /** Pids of the workers that said they serve, minus those known to have exited. */
  workerPids(): number[];
  exited: Promise<number | null>;
}

export function startCluster(
  args: string[],
  env: Record<string, string>,
  port: number,
): ClusterProcess {
  const { BASE_URL: _vitest, ...inherited } = process.env;
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts", ...args], {
    env: { ...inherited, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: LogLine[] = [];
  const waiters: { match: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
  let partial = "";
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4_000);
  });
  child.stdout?.on("data", (d: Buffer) => {
    const lines = (partial + d.toString()).split("\n");
    partial = lines.pop() ?? "";
    for (const text of lines) {
      let line: LogLine;
      try {
        line = JSON.parse(text) as LogLine;
      } catch {
        continue;
      }
      logs.push(line);
      for (const w of waiters.filter((w) => w.match(line))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const recent = () =>
    [...logs.slice(-20).map((l) => JSON.stringify(l)), `stderr: ${stderr}`].join("\n");
  return {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    logs,
    exited,
    waitForLog(match, what, waitMs = LOG_WAIT_MS) {
      const seen = logs.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise<LogLine>((resolve, reject) => {
        // Ends before the test's own timeout, so a failure says what the server did instead.
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`no log of ${what} within ${waitMs} ms:\n${recent()}`));
        }, waitMs);
        const waiter = {
          match,
          resolve: (l: LogLine) => {
            clearTimeout(timer);
            resolve(l);
          },
        };
        waiters.push(waiter);
        void exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`server exited (${code}) before logging ${what}:\n${recent()}`));
        });
      });
    },
    workerPids() {
      const serving = logs.filter((l) => l.msg.includes("is serving on")).map((l) => l.pid);
      const died = new Set(
        logs.filter((l) => l.msg.includes("worker died")).map((l) => l.workerPid),
      );
      return [...new Set(serving)].filter((p) => !died.has(p));
    },
  };
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The process that held the server end of the connection (one of `candidates`). */
  pid: number | null;
}

/** One request on a connection of its own, and which of `candidates` answered it. */
export function requestWithPid(
  base: string,
  path: string,
  candidates: number[],
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  const url = new URL(path, base);
  // Keep-alive: the connection is still open when the answer has been read, so its server
  // end can be found; the agent is destroyed after.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return new Promise<Answer>((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path, method: opts.method ?? "GET", agent },
      (res) => {
        // Read now: once the answer is read, the agent takes the socket back from `res`.
        const clientPort = res.socket.localPort ?? 0;
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const pid = serverPidOf(Number(url.port), clientPort, candidates);
          agent.destroy();
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString("utf8"),
            pid,
          });
        });
      },
    );
    for (const [k, v] of Object.entries(opts.headers ?? {})) req.setHeader(k, v);
    req.on("error", reject);
    req.end(opts.body);
  });
}

/**
 * GETs on new connections until `pid` answers one (the primary deals connections out in
 * turn). Only for reads: a write would land on whichever worker got its connection.
 */
export async function getOn(
  pid: number,
  base: string,
  path: string,
  candidates: number[],
  headers: Record<string, string> = {},
): Promise<Answer> {
  for (let i = 0; i < 100; i++) {
    const answer = await requestWithPid(base, path, candidates, { headers });
    if (answer.pid === pid) return answer;
  }
  throw new Error(`worker ${pid} answered none of 100 connections`);
}

/** Which of `pids` holds the socket from `clientPort` to `serverPort` (from /proc). */
function serverPidOf(serverPort: number, clientPort: number, pids: number[]): number | null {
  const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, "0");
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const row of readFileSync(table, "utf8").split("\n").slice(1)) {
      const cols = row.trim().split(/\s+/);
      const [local, remote, inode] = [cols[1], cols[2], cols[9]];
      if (local?.endsWith(`:${hex(serverPort)}`) && remote?.endsWith(`:${hex(clientPort)}`)) {
        if (inode && inode !== "0") inodes.add(`socket:[${inode}]`);
      }
    }
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone
    }
    for (const fd of fds) {
      try {
        if (inodes.has(readlinkSync(`/proc/${pid}/fd/${fd}`))) return pid;
      } catch {
        // closed meanwhile
      }
    }
  }
  return null;
}

/** Whether a process with this pid exists. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
