import { randomBytes } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./app-env";

// A request id is a per-process prefix and a counter: unique, and cheaper than a UUID.
const prefix = randomBytes(4).toString("hex");
let counter = 0;

/** Gives each request an id (logged with its errors), and a debug line per request. */
export function requestContext(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const requestId = `${prefix}-${(++counter).toString(36)}`;
    c.set("requestId", requestId);
    const logger = c.get("deps").logger;
    if (!logger.isLevelEnabled("debug")) return next();
    const started = performance.now();
    await next();
    logger.debug(
      {
        requestId,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: performance.now() - started,
      },
      "request",
    );
  };
}
