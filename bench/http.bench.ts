// The HTTP section: the app's pages under load next to a node:http server replaying the very
// answer the app gave (same status, headers and bytes), so the ratio is what the app costs
// over writing those bytes; then the paper page with 1 and with 2 worker processes.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BENCH_PORT, type BenchApp, readerSessionCookie, startBenchApp } from "./bench-app";
import { capture } from "./http-capture";
import {
  CONNECTIONS,
  DURATION_S,
  formatRun,
  loadTool,
  type Measured,
  measureInterleaved,
  RUNS,
} from "./http-load";

export interface HttpFigure extends Measured {
  scenario: string;
  path: string;
  /** "app" or "node:http" (the replay). */
  server: string;
  workers: number | null;
  /** Request headers that matter (Cookie shortened, Accept-Encoding). */
  request: Record<string, string>;
  status: number;
  bytes: number;
  contentEncoding: string | null;
}

/** What a browser sends; which encoding comes back is the app's choice. */
const BROWSER_ENCODINGS = "gzip, deflate, br";

interface Scenario {
  name: string;
  path: string;
  headers: Record<string, string>;
}

function scenarios(paper: string, cookie: string): Scenario[] {
  const compressed = { "Accept-Encoding": BROWSER_ENCODINGS };
  const loggedIn = { Cookie: cookie };
  return [
    { name: "paper, cached (anonymous)", path: paper, headers: {} },
    { name: "paper, cached, compressed", path: paper, headers: compressed },
    { name: "home, cached (anonymous)", path: "/", headers: {} },
    { name: "home, cached, compressed", path: "/", headers: compressed },
    // Logged in: never the page cache; the paper page is filled from the template every
    // reader of the class shares (warm here: one paper, one reader).
    { name: "paper, logged in, template", path: paper, headers: loggedIn },
    { name: "paper, logged in, tpl, compr.", path: paper, headers: { ...loggedIn, ...compressed } },
    { name: "home, logged in", path: "/", headers: loggedIn },
  ];
}

/** What a miss of every cache costs: the same logged-in page rendered whole each time. */
function wholeRenderScenarios(paper: string, cookie: string): Scenario[] {
  const loggedIn = { Cookie: cookie };
  return [
    { name: "paper, logged in, whole render", path: paper, headers: loggedIn },
    {
      name: "paper, logged in, whole, compr.",
      path: paper,
      headers: { ...loggedIn, "Accept-Encoding": BROWSER_ENCODINGS },
    },
  ];
}

const shown = (headers: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k, k === "Cookie" ? "ss_session=…" : v]),
  );

function waitForPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let buffer = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const m = /^(\d+)\n/.exec(buffer);
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", (code) => reject(new Error(`replay server exited (${code})`)));
  });
}

/** The scenario against the app and against the replay of its answer, interleaved. */
async function appAndReplay(
  app: BenchApp,
  s: Scenario,
  dir: string,
  index: number,
): Promise<HttpFigure[]> {
  const url = app.base + s.path;
  await capture(url, s.headers); // fills the page cache (anonymous scenarios)
  const answer = await capture(url, s.headers);
  if (answer.status !== 200) throw new Error(`${s.path}: the app answered ${answer.status}`);
  const captureFile = join(dir, `capture-${index}.json`);
  const bodyFile = join(dir, `capture-${index}.body`);
  writeFileSync(captureFile, JSON.stringify({ ...answer, body: undefined }));
  writeFileSync(bodyFile, answer.body);
  const plain = spawn(process.execPath, ["bench/plain-server.mjs", captureFile, bodyFile], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const port = await waitForPort(plain);
    const [a, p] = await measureInterleaved([
      { url, headers: s.headers },
      { url: `http://127.0.0.1:${port}${s.path}`, headers: s.headers },
    ]);
    const encoding =
      answer.headers.find(([k]) => k.toLowerCase() === "content-encoding")?.[1] ?? null;
    const common = {
      scenario: s.name,
      path: s.path,
      request: shown(s.headers),
      status: answer.status,
      bytes: answer.body.length,
      contentEncoding: encoding,
    };
    return [
      { ...common, ...(a as Measured), server: "app", workers: 1 },
      { ...common, ...(p as Measured), server: "node:http", workers: null },
    ];
  } finally {
    plain.kill();
  }
}

export async function benchHttp(opts: {
  paper: string;
  line: (s: string) => void;
}): Promise<HttpFigure[]> {
  const { line } = opts;
  line(
    `(${loadTool}, ${CONNECTIONS} connections, ${DURATION_S} s per run, median of ${RUNS} runs; ` +
      "app with --workers 1 and its node:http replay in their own processes, loopback; the load " +
      "generator shares the machine's cores)",
  );
  const dir = mkdtempSync(join(tmpdir(), "shortscience-bench-"));
  const databaseUrl = `sqlite:${join(dir, "bench.db")}`;
  const figures: HttpFigure[] = [];
  let app: BenchApp | null = null;
  let two: BenchApp | null = null;
  let whole: BenchApp | null = null;
  const report = (s: Scenario, a: HttpFigure, p: HttpFigure) => {
    figures.push(a, p);
    const kb = `${(a.bytes / 1024).toFixed(1)} KB ${a.contentEncoding ?? "identity"}`;
    line(`${s.name.padEnd(30)} ${kb.padEnd(22)} app        ${formatRun(a)}`);
    line(
      `${"".padEnd(53)} node:http  ${formatRun(p)}   app/node:http ${(a.rps / p.rps).toFixed(2)}`,
    );
  };
  try {
    app = await startBenchApp(databaseUrl, 1);
    const cookie = await readerSessionCookie(databaseUrl);
    const list = scenarios(opts.paper, cookie);
    for (const [i, s] of list.entries()) {
      const [a, p] = await appAndReplay(app, s, dir, i);
      if (a && p) report(s, a, p);
    }
    // The template cache off (LOGGED_IN_PAGE_CACHE_MAX_BYTES=0): every request renders the
    // whole page, as a first read or a read right after a write to that paper does.
    whole = await startBenchApp(databaseUrl, 1, BENCH_PORT + 2, {
      LOGGED_IN_PAGE_CACHE_MAX_BYTES: "0",
    });
    for (const [i, s] of wholeRenderScenarios(opts.paper, cookie).entries()) {
      const [a, p] = await appAndReplay(whole, s, dir, list.length + i);
      if (a && p) report(s, a, p);
    }
    await whole.stop();
    whole = null;
    // 1 and 2 workers side by side (two servers, one database), their runs interleaved:
    // measured in the same minutes, so the machine's other load weighs on both alike.
    line(`\nworkers (paper page ${opts.paper}, --workers 1 vs --workers 2, interleaved runs):`);
    two = await startBenchApp(databaseUrl, 2, BENCH_PORT + 1);
    const paperScenarios = list.filter(
      (s) => s.path === opts.paper && !s.headers["Accept-Encoding"],
    );
    const targets = paperScenarios.flatMap((s) =>
      [app as BenchApp, two as BenchApp].map((server, i) => ({ s, workers: i + 1, server })),
    );
    for (const t of targets) await capture(t.server.base + t.s.path, t.s.headers);
    const measured = await measureInterleaved(
      targets.map((t) => ({ url: t.server.base + t.s.path, headers: t.s.headers })),
    );
    for (const [i, t] of targets.entries()) {
      const m = measured[i] as Measured;
      const page = figures.find((f) => f.scenario === t.s.name && f.server === "app");
      figures.push({
        ...m,
        scenario: `${t.s.name}, ${t.workers} worker${t.workers > 1 ? "s" : ""}`,
        path: t.s.path,
        server: "app",
        workers: t.workers,
        request: shown(t.s.headers),
        status: 200,
        bytes: page?.bytes ?? 0,
        contentEncoding: page?.contentEncoding ?? null,
      });
      const label = t.workers === 1 ? t.s.name : "";
      const ratio =
        t.workers === 2 ? `   ×${(m.rps / (measured[i - 1] as Measured).rps).toFixed(2)}` : "";
      line(
        `${label.padEnd(30)} ${t.workers} worker${t.workers > 1 ? "s" : " "}  ${formatRun(m)}${ratio}`,
      );
    }
    return figures;
  } finally {
    await whole?.stop();
    await two?.stop();
    await app?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
