import { Hono } from "hono";
import type { AppEnv } from "../http/app-env";
import { wantsJson } from "../http/errors";
import { formFields } from "../http/forms";
import { safeNextPath } from "../http/next-path";
import { idParam } from "../http/params";
import { getPublicSummary } from "../summaries/summaries.service";
import { castUserVote, parseVoteChoice, type VoteListener } from "./votes.service";

/**
 * The vote form under each summary; the vote service checks the voter. Without JavaScript it
 * is a plain form (303 back to the page it was on); public/votes.js posts it with fetch and
 * `Accept: application/json`, and gets `{score, vote}` back (errors: `{error: {code, message}}`
 * from the error handler, which reads the same Accept header).
 */
export function votePages(onVote?: VoteListener) {
  const app = new Hono<AppEnv>();

  app.post("/summary/:id/vote", async (c) => {
    const summaryId = idParam(c.req.param("id"), "summary");
    const field = await formFields(c);
    // +1 and −1 vote; 0 withdraws the reader's vote.
    const value = parseVoteChoice(field("value"));
    const { db } = c.get("deps");
    const outcome = await castUserVote(db, c.get("user"), { summaryId, value }, onVote);
    if (wantsJson(c)) return c.json(outcome);
    // Back to the page the form was on (the paper page or the permalink): only a path of ours.
    const back = safeNextPath(field("next")) ?? (await getPublicSummary(db, summaryId)).paperPath;
    return c.redirect(`${back}#summary-${summaryId}`, 303);
  });

  return app;
}
