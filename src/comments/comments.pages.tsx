import { Hono } from "hono";
import type { AppEnv } from "../http/app-env";
import { formFields } from "../http/forms";
import { safeNextPath } from "../http/next-path";
import { idParam } from "../http/params";
import { type CommentListener, postComment } from "./comments.service";

/** The comment form under each summary; the comment service checks the author. */
export function commentPages(onAdded?: CommentListener) {
  const app = new Hono<AppEnv>();

  app.post("/summary/:id/comments", async (c) => {
    const summaryId = idParam(c.req.param("id"), "summary");
    const field = await formFields(c);
    const { db, render } = c.get("deps");
    const commentId = await postComment(
      db,
      render,
      c.get("user"),
      {
        summaryId,
        source: field("source"),
      },
      onAdded,
    );
    // Back to the page the form was on (paper page or permalink): only a path of ours.
    const back = safeNextPath(field("next")) ?? `/summary/${summaryId}`;
    return c.redirect(`${back}#comment-${commentId}`, 303);
  });

  return app;
}
