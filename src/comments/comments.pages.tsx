import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { DomainError } from "../core/errors";
import type { AppEnv } from "../http/app-env";
import { formFields, noStore, withFormErrors } from "../http/forms";
import { safeNextPath } from "../http/next-path";
import { pageCtx } from "../http/page-context";
import { idParam } from "../http/params";
import type { C } from "../http/route-helpers";
import { sendPage } from "../http/send-page";
import { getPublicSummary } from "../summaries/summaries.service";
import type { CommentPreview } from "./comment-form.view";
import { type CommentDraft, CommentEditPage, CommentPage } from "./comment-page.view";
import {
  type CommentListener,
  deleteComment,
  editComment,
  getOwnComment,
  postComment,
  previewComment,
} from "./comments.service";

interface Shown {
  preview?: CommentPreview | null;
  error?: string | null;
}

/** The comment page for this summary, holding `draft`; a gone summary still keeps the text. */
async function commentPage(
  c: C,
  summaryId: number,
  draft: CommentDraft,
  shown: Shown = {},
  status: ContentfulStatusCode = 200,
) {
  const summary = await getPublicSummary(c.get("deps").db, summaryId).catch((error) => {
    if (error instanceof DomainError && error.code === "not_found") return null;
    throw error;
  });
  noStore(c);
  // A POST has no page to come back to: a login from here returns to the summary.
  const ctx = pageCtx(c);
  const page = { ...ctx, returnTo: ctx.user ? null : `/summary/${summaryId}` };
  return sendPage(c, CommentPage({ page, summary, draft, ...shown }), status);
}

/**
 * withFormErrors, and also "not found" (the summary or the comment went away meanwhile) shows
 * the form's page with the text kept: a refused comment never loses what was typed.
 */
function keepingText(
  action: () => Promise<Response>,
  show: (error: string, status: ContentfulStatusCode) => Promise<Response>,
): Promise<Response> {
  return withFormErrors(async () => {
    try {
      return await action();
    } catch (error) {
      if (error instanceof DomainError && error.code === "not_found") {
        return show(error.message, 404);
      }
      throw error;
    }
  }, show);
}

/** The optional `parent` field: empty for a top-level comment, else a comment id. */
function parentOf(raw: string): number | null {
  return raw === "" ? null : idParam(raw, "comment");
}

/** The comment forms: new comments and replies, Preview, edit and delete. */
export function commentPages(onAdded?: CommentListener) {
  const app = new Hono<AppEnv>();

  app.get("/summary/:id/comment", async (c) => {
    const summaryId = idParam(c.req.param("id"), "summary");
    await getPublicSummary(c.get("deps").db, summaryId);
    return commentPage(c, summaryId, { source: "", parentId: null, back: null });
  });

  app.post("/summary/:id/comments", async (c) => {
    const summaryId = idParam(c.req.param("id"), "summary");
    const field = await formFields(c);
    const { db, render } = c.get("deps");
    const user = c.get("user");
    const draft: CommentDraft = {
      source: field("source"),
      parentId: null,
      back: safeNextPath(field("next")),
    };
    return keepingText(
      async () => {
        draft.parentId = parentOf(field("parent"));
        if (field("intent") === "preview") {
          const preview = await previewComment(db, render, user, draft.source);
          return commentPage(c, summaryId, draft, { preview });
        }
        const input = { summaryId, source: draft.source, parentId: draft.parentId };
        const commentId = await postComment(db, render, user, input, onAdded);
        // Back to the page the form was on (paper page or permalink): only a path of ours.
        return c.redirect(`${draft.back ?? `/summary/${summaryId}`}#comment-${commentId}`, 303);
      },
      (error, status) => commentPage(c, summaryId, draft, { error }, status),
    );
  });

  app.get("/comment/:id/edit", async (c) => {
    const id = idParam(c.req.param("id"), "comment");
    const own = await getOwnComment(c.get("deps").db, c.get("user"), id);
    noStore(c);
    const comment = { id, summaryId: own.summaryId };
    return sendPage(c, CommentEditPage({ page: pageCtx(c), comment, source: own.source }));
  });

  app.post("/comment/:id/edit", async (c) => {
    const id = idParam(c.req.param("id"), "comment");
    const field = await formFields(c);
    const { db, render } = c.get("deps");
    const user = c.get("user");
    // Someone else's comment is "not found" before anything else, as on GET.
    const own = await getOwnComment(db, user, id);
    const source = field("source");
    const editPage = (shown: Shown, status: ContentfulStatusCode = 200) => {
      noStore(c);
      const comment = { id, summaryId: own.summaryId };
      return sendPage(c, CommentEditPage({ page: pageCtx(c), comment, source, ...shown }), status);
    };
    return keepingText(
      async () => {
        if (field("intent") === "preview") {
          return editPage({ preview: await previewComment(db, render, user, source) });
        }
        const { summaryId } = await editComment(db, render, user, { commentId: id, source });
        return c.redirect(`/summary/${summaryId}#comment-${id}`, 303);
      },
      async (error, status) => editPage({ error }, status),
    );
  });

  app.post("/comment/:id/delete", async (c) => {
    const id = idParam(c.req.param("id"), "comment");
    const field = await formFields(c);
    const { summaryId } = await deleteComment(c.get("deps").db, c.get("user"), id);
    const back = safeNextPath(field("next")) ?? `/summary/${summaryId}`;
    return c.redirect(`${back}#comments-${summaryId}`, 303);
  });

  return app;
}
