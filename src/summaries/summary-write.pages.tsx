import { Hono } from "hono";
import { postComment } from "../comments/comments.service";
import type { AppEnv } from "../http/app-env";
import { formFields, withFormErrors } from "../http/forms";
import { idParam } from "../http/params";
import { formPage, requireUser } from "../http/route-helpers";
import { FormMessage } from "../ui/forms";
import { castUserVote, parseVoteChoice } from "../votes/votes.service";
import { getPublicSummary, summarySourceFits } from "./summaries.service";
import { saveSummary } from "./summary-editor.service";
import { SummaryEditor } from "./summary-editor.view";

/** The write side of summaries: save, comment, vote. Every route needs a logged-in user. */
export function summaryWritePages() {
  const app = new Hono<AppEnv>();

  app.post("/summaries", async (c) => {
    const user = requireUser(c);
    const field = await formFields(c);
    const paperId = idParam(field("paperId"), "paper");
    const input = {
      paperId,
      source: field("source"),
      isPrivate: field("private") === "1",
      isAnonymous: field("anonymous") === "1",
    };
    const { db, render } = c.get("deps");
    return withFormErrors(
      async () => {
        const id = await saveSummary(db, render, user, input);
        return c.redirect(input.isPrivate ? "/settings" : `/summary/${id}`, 303);
      },
      // The form comes back with the text and the reason; a text over the size limit is not
      // sent back (that would echo megabytes), the browser's Back button still has it.
      (error, status) => {
        const keep = summarySourceFits(input.source);
        return formPage(
          c,
          "Your summary was not saved",
          <>
            <FormMessage
              error={keep ? error : `${error} Your text is not shown here: go back to get it.`}
            />
            <SummaryEditor
              paperId={paperId}
              user={user}
              own={{
                source: keep ? input.source : "",
                is_private: input.isPrivate ? 1 : 0,
                is_anonymous: input.isAnonymous ? 1 : 0,
                share_token: "",
              }}
            />
          </>,
          status,
        );
      },
    );
  });

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

  app.post("/summary/:id/vote", async (c) => {
    const summaryId = idParam(c.req.param("id"), "summary");
    const field = await formFields(c);
    // +1 and −1 vote; 0 withdraws the reader's vote.
    const value = parseVoteChoice(field("value"));
    const { db } = c.get("deps");
    await castUserVote(db, c.get("user"), { summaryId, value });
    const summary = await getPublicSummary(db, summaryId);
    return c.redirect(`${summary.paperPath}#summary-${summaryId}`, 303);
  });

  return app;
}
