// The JSON API's shapes, in zod: the same schemas validate requests (through
// @hono/zod-openapi's validator) and generate /api/openapi.json, so the document can't drift
// from what the code accepts and returns.

import { z } from "@hono/zod-openapi";
import {
  API_PAGE_DEFAULT,
  API_PAGE_MAX,
  API_QUERY_MAX_CHARS,
  COMMENT_MAX_BYTES,
  SUMMARY_MAX_BYTES,
} from "../core/limits";

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "not_found" }),
      message: z.string().openapi({ example: "The paper was not found." }),
    }),
  })
  .openapi("Error");

export const AuthorSchema = z.object({
  username: z.string(),
  displayName: z.string(),
  url: z.string(),
});

export const PaperSchema = z
  .object({
    id: z.number().int(),
    url: z.string().openapi({ description: "The paper's page on ShortScience." }),
    title: z.string(),
    authors: z.array(z.string()),
    year: z.number().int().nullable(),
    venue: z.object({ key: z.string(), name: z.string() }).nullable(),
    abstract: z.string(),
    arxivId: z.string().nullable(),
    doi: z.string().nullable(),
  })
  .openapi("Paper");

export const SummarySchema = z
  .object({
    id: z.number().int(),
    paperId: z.number().int(),
    url: z.string(),
    markdown: z.string(),
    html: z.string().openapi({ description: "Rendered and sanitised, math typeset (KaTeX)." }),
    score: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    editedAt: z.string().nullable(),
    author: AuthorSchema.nullable().openapi({ description: "Null for an anonymous summary." }),
    private: z.boolean().openapi({ description: "Only ever true for the caller's own summary." }),
  })
  .openapi("Summary");

export const CommentSchema = z
  .object({
    id: z.number().int(),
    summaryId: z.number().int(),
    parentId: z.number().int().nullable().openapi({ description: "Replies nest one level." }),
    markdown: z.string(),
    html: z.string(),
    createdAt: z.string(),
    editedAt: z.string().nullable(),
    author: AuthorSchema.nullable().openapi({ description: "Null once the account is deleted." }),
  })
  .openapi("Comment");

export const UserSchema = z
  .object({
    username: z.string(),
    displayName: z.string(),
    url: z.string(),
    bioHtml: z.string(),
    orcid: z.string().nullable(),
    memberSince: z.string(),
    reputation: z.number().int(),
  })
  .openapi("User");

const nextCursor = z
  .string()
  .nullable()
  .openapi({ description: "Pass as `cursor` for the next page; null on the last page." });

export const pageOf = <T extends z.ZodTypeAny>(item: T, name: string) =>
  z.object({ items: z.array(item), next: nextCursor }).openapi(name);

export const PaperPageSchema = pageOf(PaperSchema, "PaperPage");
export const SummaryPageSchema = pageOf(SummarySchema, "SummaryPage");
export const CommentPageSchema = pageOf(CommentSchema, "CommentPage");

export const LookupSchema = z
  .object({ paper: PaperSchema, summaries: z.array(SummarySchema) })
  .openapi("Lookup");

export const VoteResultSchema = z
  .object({ score: z.number().int(), vote: z.union([z.literal(1), z.literal(-1), z.literal(0)]) })
  .openapi("VoteResult");

export const DeletedSchema = z
  .object({
    id: z.number().int(),
    deletedAt: z.string(),
    restorableUntil: z.string().openapi({ description: "Restore it on the site until then." }),
  })
  .openapi("Deleted");

// Requests.

export const PageQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(API_PAGE_MAX)
    .default(API_PAGE_DEFAULT)
    .openapi({ param: { name: "limit", in: "query" }, example: API_PAGE_DEFAULT }),
  cursor: z
    .string()
    .max(200)
    .optional()
    .openapi({ param: { name: "cursor", in: "query" }, description: "From a page's `next`." }),
});

export const SearchQuery = PageQuery.extend({
  q: z
    .string()
    .min(1)
    .max(API_QUERY_MAX_CHARS)
    .openapi({ param: { name: "q", in: "query" }, example: "attention" }),
});

export const LookupQuery = z.object({
  url: z
    .string()
    .min(1)
    .max(API_QUERY_MAX_CHARS)
    .openapi({
      param: { name: "url", in: "query" },
      description: "An arXiv (abs or pdf, any version) or doi.org page's URL, or an identifier.",
      example: "https://arxiv.org/abs/1706.03762v5",
    }),
});

export const IdentifierQuery = z.object({
  id: z
    .string()
    .min(1)
    .max(API_QUERY_MAX_CHARS)
    .openapi({ param: { name: "id", in: "query" }, example: "arxiv:1706.03762" }),
});

const numericId = (name: string) =>
  z
    .string()
    .regex(/^[1-9][0-9]{0,14}$/, `${name} must be a positive whole number.`)
    .transform(Number)
    .openapi({ param: { name, in: "path" }, example: "1", type: "string" });

export const IdParam = z.object({ id: numericId("id") });

export const UsernameParam = z.object({
  username: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "username", in: "path" }, example: "alice" }),
});

export const NewSummaryBody = z
  .object({
    markdown: z.string().max(SUMMARY_MAX_BYTES).openapi({
      description: "Markdown with LaTeX math; at least 200 characters.",
    }),
    private: z.boolean().default(false),
    anonymous: z.boolean().default(false),
    publishWithMathErrors: z.boolean().default(false).openapi({
      description: "Publish even if a formula fails to typeset (it shows its source).",
    }),
  })
  .strict()
  .openapi("NewSummary");

export const SummaryChangeBody = z
  .object({
    markdown: z.string().max(SUMMARY_MAX_BYTES).optional(),
    private: z.boolean().optional(),
    anonymous: z.boolean().optional(),
    publishWithMathErrors: z.boolean().default(false),
  })
  .strict()
  .openapi("SummaryChange");

export const VoteBody = z
  .object({
    value: z.union([z.literal(1), z.literal(-1), z.literal(0)]).openapi({
      description: "+1, −1, or 0 to withdraw your vote.",
    }),
  })
  .strict()
  .openapi("Vote");

export const NewCommentBody = z
  .object({
    markdown: z.string().min(1).max(COMMENT_MAX_BYTES),
    parentId: z.number().int().positive().nullable().optional().openapi({
      description: "The comment this one answers.",
    }),
  })
  .strict()
  .openapi("NewComment");
