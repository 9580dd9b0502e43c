// The API's writes: a token with the write scope (api-auth.ts), its owner's address
// confirmed (the services' assertCanPublish), through the same services as the site.

import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { CurrentUser } from "../core/current-user";
import { DomainError } from "../core/errors";
import type { HttpDeps } from "../http/app-env";
import { type ApiEnv, callerOf } from "./api-auth";
import {
  createCommentRoute,
  createSummaryRoute,
  deleteSummaryRoute,
  updateSummaryRoute,
  voteRoute,
} from "./api-routes";
import {
  type ApiListeners,
  commentApi,
  createApiSummary,
  deleteApiSummary,
  updateApiSummary,
  voteApi,
} from "./api-write.service";

function writer(c: Context<ApiEnv>): { user: CurrentUser; deps: HttpDeps } {
  const caller = callerOf(c);
  // api-auth.ts refuses a write without a write token before any route runs.
  if (!caller) throw new DomainError("forbidden", "Writing needs an API token.");
  return { user: caller.user, deps: c.get("deps") };
}

export function registerWriteRoutes(api: OpenAPIHono<ApiEnv>, listeners: ApiListeners) {
  api.openapi(createSummaryRoute, async (c) => {
    const { user, deps } = writer(c);
    const body = c.req.valid("json");
    const summary = await createApiSummary(
      deps.db,
      deps.render,
      deps.config.baseUrl,
      user,
      c.req.valid("param").id,
      body,
    );
    return c.json(summary, 201);
  });
  api.openapi(updateSummaryRoute, async (c) => {
    const { user, deps } = writer(c);
    const summary = await updateApiSummary(
      deps.db,
      deps.render,
      deps.config.baseUrl,
      user,
      c.req.valid("param").id,
      c.req.valid("json"),
    );
    return c.json(summary, 200);
  });
  api.openapi(deleteSummaryRoute, async (c) => {
    const { user, deps } = writer(c);
    return c.json(await deleteApiSummary(deps.db, user, c.req.valid("param").id), 200);
  });
  api.openapi(voteRoute, async (c) => {
    const { user, deps } = writer(c);
    const id = c.req.valid("param").id;
    const outcome = await voteApi(deps.db, user, id, c.req.valid("json").value, listeners.voteCast);
    return c.json(outcome, 200);
  });
  api.openapi(createCommentRoute, async (c) => {
    const { user, deps } = writer(c);
    const body = c.req.valid("json");
    const comment = await commentApi(
      deps.db,
      deps.render,
      deps.config.baseUrl,
      user,
      {
        summaryId: c.req.valid("param").id,
        markdown: body.markdown,
        parentId: body.parentId ?? null,
      },
      listeners.commentAdded,
    );
    return c.json(comment, 201);
  });
}
