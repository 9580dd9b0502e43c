import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSession } from "../../src/auth/sessions.service";
import { hashToken } from "../../src/core/tokens";
import { connect, type Db } from "../../src/db/connect";
import { type CliDatabase, createCliDatabase } from "../helpers/cli-db";
import { runCli } from "../helpers/cli-run";
import {
  type ClusterProcess,
  getOn,
  isRunning,
  requestWithPid,
  startCluster,
} from "../helpers/cluster-process";
import { makeAccount, makePaper, makeSummary, makeUser } from "../helpers/factories";

// `shortscience serve --workers 2` as an operator runs it, on SQLite (PostgreSQL in CI's run
// with TEST_DATABASE_URL). Which worker answered is found from the process list (/proc: who
// holds the server end of the connection), never from anything the app sends.

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

const outbox = mkdtempSync(join(tmpdir(), "shortscience-cluster-outbox-"));
const env = (url: string) => ({ DATABASE_URL: url, OUTBOX_DIR: outbox, METADATA_OFFLINE: "1" });
const serving = (l: { msg: string }) => l.msg.includes("is serving on");
const cleanupLog = (l: { msg: string }) => l.msg.startsWith("cleanup:");

let database: CliDatabase;
let db: Db;
let app: ClusterProcess;
/** The worker that ran the site-wide jobs, and the one killed and the one started after it. */
let siteJobsPid: number;
let replaced: { victim: number; fresh: number } | null = null;
beforeAll(async () => {
  database = await createCliDatabase();
  app = startCluster(["serve", "--workers", "2"], env(database.url), await freePort());
  await app.waitForLog(
    (l) => l.msg.includes("all 2 workers are serving"),
    "all workers up",
    85_000,
  );
  // Each process writes its own lines to the one stdout, so the primary's "all serving" can
  // arrive before a worker's own "serving" line: wait for both of those too.
  await app.waitForLog(() => app.workerPids().length === 2, "both workers' serving lines");
  db = connect(database.url);
}, 120_000);
afterAll(async () => {
  if (app && app.child.exitCode === null) {
    app.child.kill("SIGKILL");
    await app.exited;
  }
  await db?.close();
  await database?.drop();
  rmSync(outbox, { recursive: true, force: true });
});

/** Any x-shortscience-* header: internal to the app, never sent. */
const internalHeaders = (headers: Record<string, unknown>) =>
  Object.keys(headers).filter((h) => h.startsWith("x-shortscience"));

describe("serve --workers 2", () => {
  it("answers from two worker processes on one port, and /healthz from each", async () => {
    const workers = app.workerPids();
    expect(workers).toHaveLength(2);
    expect(workers).not.toContain(app.child.pid);
    const answeredBy = new Set<number | null>();
    for (let i = 0; i < 10; i++) {
      const r = await requestWithPid(app.url, "/healthz", workers);
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body).status).toBe("ok");
      expect(internalHeaders(r.headers)).toEqual([]);
      answeredBy.add(r.pid);
    }
    expect([...answeredBy].sort()).toEqual([...workers].sort());
    // The site-wide jobs run in one worker only: one cleanup at start, not one per worker.
    // (Counted again once the server stopped: a second worker's cleanup could still come.)
    siteJobsPid = (await app.waitForLog(cleanupLog, "the first cleanup")).pid;
    expect(workers).toContain(siteJobsPid);
  });

  it("shows a vote sent through one worker on the paper page read through the other", async () => {
    const [a, b] = app.workerPids() as [number, number];
    const paper = await makePaper(db.kysely);
    const summaryId = await makeSummary(db.kysely, paper.id, (await makeUser(db.kysely)).id);
    const path = `/paper/arxiv/${paper.arxiv}`;
    const score = (html: string) =>
      new RegExp(`data-score-for="${summaryId}"[^>]*>\\s*<span[^>]*>Score </span>([^<]+)<`).exec(
        html,
      )?.[1];
    // Both workers hold the page in their cache (the second read of each is a hit).
    for (const pid of [a, b, a, b]) {
      const page = await getOn(pid, app.url, path, [a, b]);
      expect(page.status).toBe(200);
      expect(score(page.body)).toBe("0");
      expect(internalHeaders(page.headers)).toEqual([]);
    }

    const account = await makeAccount(db.kysely);
    const token = await startSession(db.kysely, account.id, "test");
    const { csrf_token: csrf } = await db.kysely
      .selectFrom("sessions")
      .select("csrf_token")
      .where("token_hash", "=", hashToken(token))
      .executeTakeFirstOrThrow();
    const vote = await requestWithPid(app.url, `/summary/${summaryId}/vote`, [a, b], {
      method: "POST",
      headers: {
        Accept: "application/json",
        "Content-Type": "application/x-www-form-urlencoded",
        Origin: app.url,
        Cookie: `ss_session=${token}`,
        "X-CSRF-Token": csrf,
      },
      body: "value=1",
    });
    expect(vote.status).toBe(200);
    expect(JSON.parse(vote.body).score).toBe(1);
    const other = vote.pid === a ? b : a;
    expect([a, b]).toContain(vote.pid);

    // The other worker's cached page is replaced once it re-reads the version (at most once a
    // second for hits): poll it, with a bound, instead of sleeping a guessed time.
    const deadline = Date.now() + 15_000;
    let seen: string | undefined;
    while (Date.now() < deadline) {
      seen = score((await getOn(other, app.url, path, [a, b])).body);
      if (seen === "+1") break;
    }
    expect(seen).toBe("+1");
  });

  it("replaces a worker that dies, and the new one answers", async () => {
    const [victim, survivor] = app.workerPids() as [number, number];
    process.kill(victim, "SIGKILL");
    await app.waitForLog(
      (l) => l.msg.includes("worker died") && l.workerPid === victim,
      "the death of the worker",
    );
    const fresh = await app.waitForLog(
      (l) => serving(l) && l.pid !== victim && l.pid !== survivor,
      "a new worker serving",
    );
    expect(isRunning(victim)).toBe(false);
    replaced = { victim, fresh: fresh.pid };
    expect(app.workerPids().sort()).toEqual([survivor, fresh.pid].sort());
    const r = await getOn(fresh.pid, app.url, "/", [survivor, fresh.pid]);
    expect(r.status).toBe(200);
  }, 60_000);

  it("stops every worker on SIGTERM and exits 0", async () => {
    const workers = app.workerPids();
    app.child.kill("SIGTERM");
    expect(await app.exited).toBe(0);
    for (const pid of workers) expect(isRunning(pid)).toBe(false);
    expect(app.logs.filter((l) => l.msg === "shutting down")).toHaveLength(2);
    // Every log line is in now. One cleanup per site-jobs worker start: the first worker's,
    // and its replacement's only if the killed worker was the one running the jobs.
    const expected =
      replaced?.victim === siteJobsPid ? [siteJobsPid, replaced.fresh] : [siteJobsPid];
    expect(app.logs.filter(cleanupLog).map((l) => l.pid)).toEqual(expected);
  }, 60_000);
});

describe("serve --workers: bad values and failed starts", () => {
  it("refuses a worker count that is not 1 to 64, naming the option", async () => {
    const bad = ["0", "abc", "65"];
    const answers = await Promise.all(
      bad.map((n) => runCli(["serve", "--workers", n], { DATABASE_URL: "sqlite::memory:" })),
    );
    for (const [i, r] of answers.entries()) {
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--workers must be a whole number from 1 to 64, not "${bad[i]}"`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    const env = await runCli(["serve"], { DATABASE_URL: "sqlite::memory:", WORKERS: "0" });
    expect(env.code).toBe(1);
    expect(env.stderr).toMatch(/WORKERS="0"/);
  }, 120_000);

  it("refuses more than one worker on an in-memory database, saying why", async () => {
    const memory = { DATABASE_URL: "sqlite::memory:" };
    const [flag, configured] = await Promise.all([
      runCli(["start", "--workers", "2"], memory),
      runCli(["serve"], { ...memory, WORKERS: "3" }),
    ]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("--workers 2: an in-memory database");
    expect(configured.code).toBe(2);
    expect(configured.stderr).toContain("WORKERS=3: an in-memory database");
    for (const r of [flag, configured]) {
      expect(r.stderr).toContain("lives in one process");
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  }, 120_000);

  it("serves an in-memory database from one process, the demo in it, by default", async () => {
    const single = startCluster(["start"], env("sqlite::memory:"), await freePort());
    try {
      const up = await single.waitForLog(serving, "serving");
      // The primary itself serves: no worker opened a database of its own, empty.
      expect(up.pid).toBe(single.child.pid);
      // With more than one core, the default would have been one worker per core.
      const note = single.logs.some((l) => l.msg.includes("serving from one process"));
      expect(note).toBe(availableParallelism() > 1);
      const paper = await fetch(`${single.url}/paper/arxiv/1602.07360`);
      expect(paper.status).toBe(200);
      single.child.kill("SIGTERM");
      expect(await single.exited).toBe(0);
      expect(single.logs.filter(serving)).toHaveLength(1);
    } finally {
      if (single.child.exitCode === null) single.child.kill("SIGKILL");
    }
  }, 120_000);

  it("stops with exit 1, instead of restarting workers forever, when none can listen", async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as { port: number }).port;
    const dbDir = mkdtempSync(join(tmpdir(), "shortscience-cluster-db-"));
    try {
      const failing = startCluster(
        ["serve", "--workers", "2"],
        env(`sqlite:${join(dbDir, "a.db")}`),
        port,
      );
      expect(await failing.exited).toBe(1);
      expect(failing.logs.some((l) => l.msg.includes(`port ${port} is in use`))).toBe(true);
      expect(failing.logs.some((l) => l.msg.includes("worker died"))).toBe(false);
    } finally {
      taken.close();
      rmSync(dbDir, { recursive: true, force: true });
    }
  }, 60_000);
});
