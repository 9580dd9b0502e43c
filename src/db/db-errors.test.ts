import { createServer, type Server, type Socket } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeDatabaseError, isDatabaseUnavailable, isQueryCanceled } from "./db-errors";

/** A server that accepts connections and never answers: what a hung database looks like. */
let silent: Server;
let silentPort = 0;
const held = new Set<Socket>();
beforeAll(async () => {
  silent = createServer((s) => held.add(s));
  await new Promise<void>((r) => silent.listen(0, "127.0.0.1", () => r()));
  silentPort = (silent.address() as { port: number }).port;
});
afterAll(async () => {
  for (const s of held) s.destroy();
  await new Promise<void>((r) => silent.close(() => r()));
});

const failureOf = async (run: () => Promise<unknown>): Promise<unknown> => {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
};

const withCode = (code: string, message = "x") => Object.assign(new Error(message), { code });

describe("isDatabaseUnavailable", () => {
  it("knows a refused connection, as pg reports it", async () => {
    // A port nobody listens on: take one, then free it.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", () => r()));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const pool = new pg.Pool({ host: "127.0.0.1", port, connectionTimeoutMillis: 2_000 });
    const error = await failureOf(() => pool.query("select 1"));
    await pool.end();
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it("knows a connection attempt that timed out", async () => {
    const pool = new pg.Pool({ host: "127.0.0.1", port: silentPort, connectionTimeoutMillis: 200 });
    const error = await failureOf(() => pool.query("select 1"));
    await pool.end();
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it("knows server shutdowns, connection exceptions and SQLite lock and I/O codes", () => {
    for (const code of ["57P01", "57P02", "57P03", "53300", "08006", "08001", "ECONNRESET"]) {
      expect(isDatabaseUnavailable(withCode(code)), code).toBe(true);
    }
    for (const code of [
      "SQLITE_BUSY",
      "SQLITE_BUSY_SNAPSHOT",
      "SQLITE_IOERR_READ",
      "SQLITE_FULL",
    ]) {
      expect(isDatabaseUnavailable(withCode(code)), code).toBe(true);
    }
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    // node-postgres's query_timeout (the serving pool): the network stopped answering.
    expect(isDatabaseUnavailable(new Error("Query read timeout"))).toBe(true);
  });

  it("looks through causes and the attempts of an AggregateError", () => {
    const refused = withCode("ECONNREFUSED");
    expect(isDatabaseUnavailable(new AggregateError([new Error("other"), refused]))).toBe(true);
    expect(isDatabaseUnavailable(new Error("wrapped", { cause: refused }))).toBe(true);
  });

  it("leaves bugs and bad input to their own handling", () => {
    for (const code of ["42601", "23505", "22021", "SQLITE_CONSTRAINT_UNIQUE", "SQLITE_ERROR"]) {
      expect(isDatabaseUnavailable(withCode(code)), code).toBe(false);
    }
    expect(isDatabaseUnavailable(new TypeError("x is undefined"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
    expect(isDatabaseUnavailable("ECONNREFUSED")).toBe(false);
  });

  it("stops on a cycle of causes", () => {
    const a = new Error("a");
    const b = new Error("b", { cause: a });
    Object.assign(a, { cause: b });
    expect(isDatabaseUnavailable(a)).toBe(false);
  });
});

describe("describeDatabaseError", () => {
  it("keeps the code and a bounded message", () => {
    const d = describeDatabaseError(withCode("57P01", "y".repeat(1_000)));
    expect(d.code).toBe("57P01");
    expect(d.message.length).toBe(300);
  });
});

describe("isQueryCanceled", () => {
  it("is PostgreSQL's 57014, whatever the server's language, and nothing else", () => {
    const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });
    expect(isQueryCanceled(pgError("57014", "canceling statement due to statement timeout"))).toBe(
      true,
    );
    expect(
      isQueryCanceled(pgError("57014", "Abbruch der Anweisung wegen Zeitüberschreitung")),
    ).toBe(true);
    expect(isQueryCanceled(pgError("57P01", "terminating connection"))).toBe(false);
    expect(isQueryCanceled(null)).toBe(false);
    expect(isQueryCanceled("57014")).toBe(false);
  });
});
