// Every /api/v1 route as an OpenAPI operation: path, parameters and bodies (the zod schemas
// that also validate the request) and every answer. /api/openapi.json is generated from these.

import { createRoute, type RouteConfig, type z } from "@hono/zod-openapi";
import {
  CommentPageSchema,
  CommentSchema,
  DeletedSchema,
  ErrorSchema,
  IdentifierQuery,
  IdParam,
  LookupQuery,
  LookupSchema,
  NewCommentBody,
  NewSummaryBody,
  PageQuery,
  PaperPageSchema,
  PaperSchema,
  SearchQuery,
  SummaryChangeBody,
  SummaryPageSchema,
  SummarySchema,
  UsernameParam,
  UserSchema,
  VoteBody,
  VoteResultSchema,
} from "./api-schemas";

const json = (schema: z.ZodTypeAny, description: string) => ({
  content: { "application/json": { schema } },
  description,
});

const err = (description: string) => json(ErrorSchema, description);

/** The errors any operation may answer; each has the one format {error:{code,message}}. */
const ERRORS = {
  400: err("The request is invalid: the message names the field."),
  401: err("The token is missing (writes), unknown, revoked, or its account is banned."),
  404: err("Not found."),
  413: err("The body is larger than this operation accepts."),
  429: err("Rate limited: see Retry-After."),
  503: err("The database is unreachable: see Retry-After."),
  default: err("Any other error, in the same format."),
} as const;

const WRITE_ERRORS = {
  ...ERRORS,
  403: err("The token is read-only, or its account may not write (an unconfirmed address)."),
  409: err("The write conflicts with the current state."),
  422: err("Rendering the text took too long."),
} as const;

type Security = Record<string, string[]>[];
const bearer: Security = [{ bearerAuth: [] }];
/** `{}`: no token needed; a token adds the owner's private summaries. */
const optionalBearer: Security = [{}, { bearerAuth: [] }];

const read = <R extends Omit<RouteConfig, "method">>(r: R) =>
  createRoute({ ...r, method: "get", security: optionalBearer });

const write = <R extends RouteConfig>(r: R) => createRoute({ ...r, security: bearer });

export const listPapersRoute = read({
  path: "/api/v1/papers",
  tags: ["papers"],
  summary: "Papers, newest added first",
  request: { query: PageQuery },
  responses: { 200: json(PaperPageSchema, "A page of papers."), ...ERRORS },
});

export const searchPapersRoute = read({
  path: "/api/v1/papers/search",
  tags: ["papers"],
  summary: "Full-text search of papers (title, authors, abstract), 20 a page",
  request: { query: SearchQuery.omit({ limit: true }) },
  responses: {
    200: json(PaperPageSchema, "A page of matching papers, best first."),
    ...ERRORS,
    422: err("The search took too long (code search_timeout): fewer words or prefixes."),
    503: err("The database is unreachable, or too many searches are running: see Retry-After."),
  },
});

export const paperByIdentifierRoute = read({
  path: "/api/v1/papers/by-identifier",
  tags: ["papers"],
  summary: "A paper by any identifier or URL (arXiv, DOI, …)",
  request: { query: IdentifierQuery },
  responses: { 200: json(PaperSchema, "The paper."), ...ERRORS },
});

export const getPaperRoute = read({
  path: "/api/v1/papers/{id}",
  tags: ["papers"],
  summary: "A paper by its ShortScience id",
  request: { params: IdParam },
  responses: { 200: json(PaperSchema, "The paper."), ...ERRORS },
});

export const paperSummariesRoute = read({
  path: "/api/v1/papers/{id}/summaries",
  tags: ["summaries"],
  summary: "A paper's public summaries, best score first",
  request: { params: IdParam, query: PageQuery },
  responses: { 200: json(SummaryPageSchema, "A page of summaries."), ...ERRORS },
});

export const createSummaryRoute = write({
  method: "post",
  path: "/api/v1/papers/{id}/summaries",
  tags: ["summaries"],
  summary: "Write your summary of a paper (one per author and paper)",
  request: {
    params: IdParam,
    body: { content: { "application/json": { schema: NewSummaryBody } }, required: true },
  },
  responses: { 201: json(SummarySchema, "The new summary."), ...WRITE_ERRORS },
});

export const getSummaryRoute = read({
  path: "/api/v1/summaries/{id}",
  tags: ["summaries"],
  summary: "A summary (a private one only with its author's token)",
  request: { params: IdParam },
  responses: { 200: json(SummarySchema, "The summary."), ...ERRORS },
});

export const updateSummaryRoute = write({
  method: "patch",
  path: "/api/v1/summaries/{id}",
  tags: ["summaries"],
  summary: "Change your summary (a new revision); fields left out keep their values",
  request: {
    params: IdParam,
    body: { content: { "application/json": { schema: SummaryChangeBody } }, required: true },
  },
  responses: { 200: json(SummarySchema, "The summary as saved."), ...WRITE_ERRORS },
});

export const deleteSummaryRoute = write({
  method: "delete",
  path: "/api/v1/summaries/{id}",
  tags: ["summaries"],
  summary: "Delete your summary (restorable on the site for 30 days)",
  request: { params: IdParam },
  responses: { 200: json(DeletedSchema, "Deleted."), ...WRITE_ERRORS },
});

export const voteRoute = write({
  method: "put",
  path: "/api/v1/summaries/{id}/vote",
  tags: ["votes"],
  summary: "Vote on a summary: +1, −1, or 0 to withdraw",
  request: {
    params: IdParam,
    body: { content: { "application/json": { schema: VoteBody } }, required: true },
  },
  responses: { 200: json(VoteResultSchema, "The summary's new score."), ...WRITE_ERRORS },
});

export const listCommentsRoute = read({
  path: "/api/v1/summaries/{id}/comments",
  tags: ["comments"],
  summary: "A summary's comments, oldest first",
  request: { params: IdParam, query: PageQuery },
  responses: { 200: json(CommentPageSchema, "A page of comments."), ...ERRORS },
});

export const createCommentRoute = write({
  method: "post",
  path: "/api/v1/summaries/{id}/comments",
  tags: ["comments"],
  summary: "Comment on a summary, or reply to a comment (parentId)",
  request: {
    params: IdParam,
    body: { content: { "application/json": { schema: NewCommentBody } }, required: true },
  },
  responses: { 201: json(CommentSchema, "The new comment."), ...WRITE_ERRORS },
});

export const getUserRoute = read({
  path: "/api/v1/users/{username}",
  tags: ["users"],
  summary: "A public profile",
  request: { params: UsernameParam },
  responses: { 200: json(UserSchema, "The profile."), ...ERRORS },
});

export const userSummariesRoute = read({
  path: "/api/v1/users/{username}/summaries",
  tags: ["users"],
  summary: "A person's public, signed summaries, newest first",
  request: { params: UsernameParam, query: PageQuery },
  responses: { 200: json(SummaryPageSchema, "A page of summaries."), ...ERRORS },
});

export const lookupRoute = read({
  path: "/api/v1/lookup",
  tags: ["lookup"],
  summary: "For browser extensions: an arXiv or DOI page's URL → the paper and its top 3 summaries",
  request: { query: LookupQuery },
  responses: { 200: json(LookupSchema, "The paper and its best summaries."), ...ERRORS },
});
