import { Hono } from "hono";
import type { AppEnv } from "../http/app-env";
import { formFields } from "../http/forms";
import { idParam } from "../http/params";
import { postComment } from "./comments.service";

/** The comment form under each summary; the comment service checks the author. */
export function commentPages() {
  const app = new Hono<AppEnv>();

  app.post("/summary/:id/comments", async (c) => {
    const summaryId = idParam(c.req.param("id"), "summary");
    const field = await formFields(c);
    const { db, render } = c.get("deps");
    const commentId = await postComment(db, render, c.get("user"), {
      summaryId,
      source: field("source"),
    });
    return c.redirect(`/summary/${summaryId}#comment-${commentId}`, 303);
  });

  return app;
}
