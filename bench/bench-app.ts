// The app under load: the built bundle (bin/shortscience.js start --workers N) in its own
// process tree, on a SQLite file of the bench's, and a logged-in reader's session for the
// uncached pages.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { startSession } from "../src/auth/sessions.service";
import { connect } from "../src/db/connect";

export const BENCH_PORT = 3917;

export interface BenchApp {
  base: string;
  stop(): Promise<void>;
}

export function benchEnv(databaseUrl: string, port = BENCH_PORT): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    METADATA_OFFLINE: "1",
  };
}

/** `start --workers N` (demo content on first start); resolves once every worker serves. */
export async function startBenchApp(
  databaseUrl: string,
  workers: number,
  port = BENCH_PORT,
  extraEnv: Record<string, string> = {},
): Promise<BenchApp> {
  const child: ChildProcess = spawn(
    process.execPath,
    ["bin/shortscience.js", "start", "--workers", String(workers)],
    { env: { ...benchEnv(databaseUrl, port), ...extraEnv }, stdio: ["ignore", "pipe", "inherit"] },
  );
  const ready = workers === 1 ? "is serving on" : `all ${workers} workers are serving`;
  await new Promise<void>((resolve, reject) => {
    let seen = "";
    const onData = (d: Buffer) => {
      seen = (seen + d.toString()).slice(-20_000);
      if (seen.includes(ready)) {
        // From here on the logs are not read; keep the pipe flowing.
        child.stdout?.off("data", onData);
        child.stdout?.resume();
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`the app exited (${code}):\n${seen}`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/**
 * A reader account made by the operator's command (`shortscience user create`) and a session
 * for it, as logging in would leave (the password step is not what is measured).
 */
export async function readerSessionCookie(databaseUrl: string): Promise<string> {
  const name = "benchreader";
  const made = spawnSync(process.execPath, ["bin/shortscience.js", "user", "create", name], {
    env: { ...benchEnv(databaseUrl), LOG_LEVEL: "warn" },
    encoding: "utf8",
  });
  if (made.status !== 0 && !/taken|exists/i.test(made.stderr + made.stdout)) {
    throw new Error(`user create failed: ${made.stderr}${made.stdout}`);
  }
  const db = connect(databaseUrl);
  try {
    const user = await db.kysely
      .selectFrom("users")
      .select("id")
      .where("username_key", "=", name)
      .executeTakeFirstOrThrow();
    return `ss_session=${await startSession(db.kysely, user.id, "bench")}`;
  } finally {
    await db.close();
  }
}
