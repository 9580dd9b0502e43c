// The API's reads: anyone may call them (CORS for every origin); a token adds its owner's
// private summaries where they belong.

import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { ipOf } from "../http/route-helpers";
import {
  findApiPaperByIdentifier,
  getApiPaper,
  getApiSummary,
  getApiUser,
  listApiComments,
  listApiPaperSummaries,
  listApiPapers,
  listApiUserSummaries,
  lookupApi,
  searchApiPapers,
} from "./api.service";
import { type ApiEnv, callerOf } from "./api-auth";
import {
  getPaperRoute,
  getSummaryRoute,
  getUserRoute,
  listCommentsRoute,
  listPapersRoute,
  lookupRoute,
  paperByIdentifierRoute,
  paperSummariesRoute,
  searchPapersRoute,
  userSummariesRoute,
} from "./api-routes";

const ctx = (c: Context<ApiEnv>) => ({
  db: c.get("deps").db,
  base: c.get("deps").config.baseUrl,
  viewer: callerOf(c)?.user.id ?? null,
});

export function registerReadRoutes(api: OpenAPIHono<ApiEnv>) {
  // Fixed paths before /papers/{id}, which would take "search" as an id.
  api.openapi(searchPapersRoute, async (c) => {
    const { db, base } = ctx(c);
    // As the search page (searchPerIp): each may cost the database seconds, whatever the
    // token allows.
    return c.json(
      await searchApiPapers(db, base, c.req.valid("query"), ipOf(c), c.req.raw.signal),
      200,
    );
  });
  api.openapi(paperByIdentifierRoute, async (c) => {
    const { db, base } = ctx(c);
    return c.json(await findApiPaperByIdentifier(db, base, c.req.valid("query").id), 200);
  });
  api.openapi(listPapersRoute, async (c) => {
    const { db, base } = ctx(c);
    return c.json(await listApiPapers(db, base, c.req.valid("query")), 200);
  });
  api.openapi(getPaperRoute, async (c) => {
    const { db, base } = ctx(c);
    return c.json(await getApiPaper(db, base, c.req.valid("param").id), 200);
  });
  api.openapi(paperSummariesRoute, async (c) => {
    const { db, base } = ctx(c);
    const page = await listApiPaperSummaries(
      db,
      base,
      c.req.valid("param").id,
      c.req.valid("query"),
    );
    return c.json(page, 200);
  });
  api.openapi(getSummaryRoute, async (c) => {
    const { db, base, viewer } = ctx(c);
    return c.json(await getApiSummary(db, base, c.req.valid("param").id, viewer), 200);
  });
  api.openapi(listCommentsRoute, async (c) => {
    const { db, base, viewer } = ctx(c);
    const id = c.req.valid("param").id;
    return c.json(await listApiComments(db, base, id, viewer, c.req.valid("query")), 200);
  });
  api.openapi(getUserRoute, async (c) => {
    const { db, base } = ctx(c);
    return c.json(await getApiUser(db, base, c.req.valid("param").username), 200);
  });
  api.openapi(userSummariesRoute, async (c) => {
    const { db, base } = ctx(c);
    const name = c.req.valid("param").username;
    return c.json(await listApiUserSummaries(db, base, name, c.req.valid("query")), 200);
  });
  api.openapi(lookupRoute, async (c) => {
    const { db, base } = ctx(c);
    return c.json(await lookupApi(db, base, c.req.valid("query").url), 200);
  });
}
