import { Hono } from "hono";
import { DomainError } from "../core/errors";
import type { AppEnv } from "../http/app-env";
import { returnPathOf } from "../http/next-path";
import type { C } from "../http/route-helpers";
import { withNext } from "../ui/next-link";
import { type ExportFormat, exportSummaries } from "./export.service";
import { usernameKey } from "./user-keys";

// "Export my summaries" (the owner's profile links here): /user/NAME/export.csv and .zip.
// Anonymous readers go to the login page, which returns here; anyone else gets a 403.

async function sendExport(c: C, format: ExportFormat): Promise<Response> {
  const user = c.get("user");
  if (!user) return c.redirect(withNext("/login", returnPathOf(new URL(c.req.url), "GET")), 303);
  if (usernameKey(user.username) !== usernameKey(c.req.param("username") ?? "")) {
    throw new DomainError("forbidden", "Only the author can export their summaries.");
  }
  const deps = c.get("deps");
  const file = await exportSummaries(deps.db, user, format, deps.config.baseUrl);
  return c.body(file.body, 200, {
    "Content-Type": file.contentType,
    "Content-Disposition": `attachment; filename="${file.fileName}"`,
    "Cache-Control": "private, no-store",
  });
}

export function exportPages() {
  const app = new Hono<AppEnv>();
  app.get("/user/:username/export.csv", (c) => sendExport(c, "csv"));
  app.get("/user/:username/export.zip", (c) => sendExport(c, "zip"));
  return app;
}
