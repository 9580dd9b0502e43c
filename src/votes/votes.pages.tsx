import { Hono } from "hono";
import type { AppEnv } from "../http/app-env";
import { formFields } from "../http/forms";
import { idParam } from "../http/params";
import { getPublicSummary } from "../summaries/summaries.service";
import { castUserVote, parseVoteChoice } from "./votes.service";

/** The vote form under each summary; the vote service checks the voter. */
export function votePages() {
  const app = new Hono<AppEnv>();

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
