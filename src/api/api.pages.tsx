// The JSON API (/api/v1), its OpenAPI 3.1 document (/api/openapi.json, generated from the
// zod schemas in api-schemas.ts that validate the requests) and its docs page (/api).
// app.ts mounts this before the CSRF check: api-auth.ts says why that is safe.

import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../http/app-env";
import { sendError } from "../http/errors";
import { pageCtx } from "../http/page-context";
import { sendPage } from "../http/send-page";
import { type ApiEnv, apiAuth, apiCors, apiJsonBody } from "./api-auth";
import { ApiDocs, type ApiOperation } from "./api-docs.view";
import { registerReadRoutes } from "./api-read.pages";
import { registerWriteRoutes } from "./api-write.pages";
import type { ApiListeners } from "./api-write.service";

/** Zod's complaint, naming the field: "markdown: Too small: expected …". */
function validationMessage(error: { issues: { path: PropertyKey[]; message: string }[] }) {
  return error.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.map(String).join(".")}: ${i.message}` : i.message))
    .join("; ");
}

export const OPENAPI_INFO = {
  openapi: "3.1.0",
  info: {
    title: "ShortScience API",
    version: "1.0.0",
    description:
      "Papers, summaries, votes, comments and profiles of ShortScience. Reads need no token; writes need a personal API token with the write scope (Settings → API tokens), sent as `Authorization: Bearer ss_…`. Errors are `{error:{code,message}}`; lists are cursor-paginated.",
  },
} as const;

type OpenApiDocument = ReturnType<OpenAPIHono["getOpenAPI31Document"]>;

/** The document's operations, in its order: the docs page's list and the 405 table. */
function operations(document: OpenApiDocument): ApiOperation[] {
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    (["get", "post", "put", "patch", "delete"] as const).flatMap((method) => {
      const op = item?.[method];
      return op ? [{ method: method.toUpperCase(), path, summary: op.summary ?? "" }] : [];
    }),
  );
}

export function apiPages(listeners: ApiListeners) {
  const api = new OpenAPIHono<ApiEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        return sendError(c as Context<AppEnv>, 400, "invalid", validationMessage(result.error));
      }
    },
  });
  api.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "A personal API token (ss_…), made in Settings; scope read or write.",
  });
  // Registered first so they run first; the routes below fill the table they consult.
  let doc: ReturnType<typeof api.getOpenAPI31Document> | undefined;
  const document = () => {
    doc ??= api.getOpenAPI31Document(OPENAPI_INFO);
    return doc;
  };
  let table: { method: string; re: RegExp }[] | undefined;
  const allowedMethods = (path: string) => {
    // Path templates → patterns, for telling a wrong method (405) from a wrong address (404).
    table ??= operations(document()).map((o) => ({
      method: o.method,
      re: new RegExp(`^${o.path.replace(/\{[^}]+\}/g, "[^/]+")}$`),
    }));
    return [...new Set(table.filter((t) => t.re.test(path)).map((t) => t.method))];
  };
  api.use("/api/v1/*", apiCors(), async (c, next) => {
    const allowed = allowedMethods(c.req.path);
    if (allowed.length === 0) {
      return sendError(c, 404, "not_found", "There is no API endpoint at this address; see /api.");
    }
    const method = c.req.method === "HEAD" ? "GET" : c.req.method;
    if (!allowed.includes(method)) {
      c.header("Allow", allowed.join(", "));
      return sendError(c, 405, "method_not_allowed", `This endpoint takes ${allowed.join(", ")}.`);
    }
    return next();
  });
  api.use("/api/v1/*", apiAuth(), apiJsonBody());
  registerReadRoutes(api);
  registerWriteRoutes(api, listeners);

  api.get("/api/openapi.json", (c) => {
    c.header("Access-Control-Allow-Origin", "*");
    return c.json(document() as object);
  });
  api.get("/api", (c) =>
    sendPage(
      c,
      <ApiDocs
        page={pageCtx(c)}
        operations={operations(document())}
        baseUrl={c.get("deps").config.baseUrl}
      />,
    ),
  );
  return api;
}
