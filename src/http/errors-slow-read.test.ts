import { Hono } from "hono";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { SLOW_READ_RETRY_AFTER_S } from "../core/limits";
import { ReadCanceledError } from "../db/db-errors";
import type { AppEnv, HttpDeps } from "./app-env";
import { errorHandler } from "./errors";
import { createOutageLog } from "./outage-log";

// A read stopped at its deadline (the read pool's, or PostgreSQL's statement_timeout) means a
// busy database, not a broken page: a 503 to retry, never stored, and no 500 logged as a bug.

function appThrowing(error: unknown) {
  const lines: Array<{ level: number; msg: string; [key: string]: unknown }> = [];
  const logger = pino({ level: "info" }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set("deps", { logger } as unknown as HttpDeps);
    c.set("requestId", "r1");
    await next();
  });
  app.get("/api/v1/slow", () => {
    throw error;
  });
  app.onError(errorHandler(createOutageLog(logger, 60_000)));
  return { app, lines };
}

describe("a read stopped at its deadline", () => {
  it("answers 503 with Retry-After and no-store, and logs a warning, not an error", async () => {
    const { app, lines } = appThrowing(new ReadCanceledError());
    const res = await app.request("/api/v1/slow");
    // A burst logs one line: the next ones are counted into the following interval's.
    await app.request("/api/v1/slow");
    await app.request("/api/v1/slow");
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe(String(SLOW_READ_RETRY_AFTER_S));
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("unavailable");
    expect(body.error.message).toMatch(/try again/i);
    expect(body.error.message).not.toMatch(/deadline|Error|sqlite/i);
    expect(lines.map((l) => [l.level, l.msg])).toEqual([[40, "reads stopped at their deadline"]]);
    expect(lines[0]).toMatchObject({ reads: 1, path: "/api/v1/slow" });
  });

  it("is the same 503 for PostgreSQL's statement_timeout (SQLSTATE 57014)", async () => {
    const canceled = Object.assign(new Error("canceling statement due to statement timeout"), {
      code: "57014",
    });
    const res = await appThrowing(canceled).app.request("/api/v1/slow");
    expect(res.status).toBe(503);
  });

  it("leaves any other error a 500 logged as one", async () => {
    const { app, lines } = appThrowing(new Error("boom"));
    const res = await app.request("/api/v1/slow");
    expect(res.status).toBe(500);
    expect(res.headers.get("retry-after")).toBeNull();
    expect(lines.map((l) => l.level)).toEqual([50]);
  });
});
