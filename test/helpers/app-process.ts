import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** `shortscience serve` in its own OS process, on a loopback port. */
export interface AppProcess {
  url: string;
  /** Mails this process wrote to its outbox (no SMTP in these tests). */
  outboxCount(): number;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

/**
 * Starts the real server (`src/main.ts serve`) against an already migrated database, so that
 * several processes share nothing but that database, as in production behind a proxy.
 * TRUST_PROXY=1: tests say which client a request comes from with X-Forwarded-For.
 */
export async function startAppProcess(databaseUrl: string): Promise<AppProcess> {
  const port = await freePort();
  const outbox = mkdtempSync(join(tmpdir(), "shortscience-proc-outbox-"));
  // Vitest sets BASE_URL for its own use; the server must derive its own.
  const { BASE_URL: _vitest, ...inherited } = process.env;
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", "src/main.ts", "serve", "--workers", "1"],
    {
      env: {
        ...inherited,
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        HOST: "127.0.0.1",
        TRUST_PROXY: "1",
        OUTBOX_DIR: outbox,
        RENDER_WORKERS: "1",
        METADATA_OFFLINE: "1",
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4_000);
  });
  // The server says when it listens: wait for that line instead of sleeping.
  await new Promise<void>((resolve, reject) => {
    let seen = "";
    child.stdout?.on("data", (d: Buffer) => {
      seen = (seen + d.toString()).slice(-10_000);
      if (seen.includes("is serving on")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`serve exited early (${code}): ${stderr}`)));
  });
  child.stdout?.resume();
  return {
    url: `http://127.0.0.1:${port}`,
    outboxCount: () => readdirSync(outbox).filter((f) => f.endsWith(".eml")).length,
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(outbox, { recursive: true, force: true });
    },
  };
}

/** A form POST as a browser on our own page sends it: CSRF cookie, token and Origin. */
export async function postForm(
  app: AppProcess,
  path: string,
  fields: Record<string, string>,
  opts: FormOptions,
): Promise<number> {
  return (await postFormFull(app, path, fields, opts)).status;
}

interface FormOptions {
  forwardedFor: string;
  session?: { token: string; csrf: string };
}

/** As postForm, with the cookies the answer set (name=value). */
export async function postFormFull(
  app: AppProcess,
  path: string,
  fields: Record<string, string>,
  opts: FormOptions,
): Promise<{ status: number; cookies: string[] }> {
  const csrf = opts.session?.csrf ?? ANONYMOUS_CSRF;
  const cookie = opts.session ? `ss_session=${opts.session.token}` : `ss_csrf=${ANONYMOUS_CSRF}`;
  const res = await fetch(`${app.url}${path}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: app.url,
      Cookie: cookie,
      "X-CSRF-Token": csrf,
      "X-Forwarded-For": opts.forwardedFor,
    },
    body: new URLSearchParams(fields),
    redirect: "manual",
  });
  await res.arrayBuffer();
  return {
    status: res.status,
    cookies: res.headers.getSetCookie().map((c) => c.split(";")[0] ?? ""),
  };
}

/** Any 43-character base64url value works as an anonymous double-submit token. */
const ANONYMOUS_CSRF = "burst-test-csrf-token-0123456789abcdefghijk";
