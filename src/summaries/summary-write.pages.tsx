import { Hono } from "hono";
import type { AppEnv } from "../http/app-env";
import { formFields, withFormErrors } from "../http/forms";
import { idParam } from "../http/params";
import { formPage, requireUser } from "../http/route-helpers";
import { FormMessage } from "../ui/forms";
import { SummaryEditor } from "./summary-editor.view";
import { saveSummary, summarySourceFits } from "./summary-write.service";

/** Saving a summary (new or revised) from the editor box of a paper page; needs a logged-in user. */
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
              // The form as sent; its secret link is on the paper page and in the settings.
              own={{
                source: keep ? input.source : "",
                isPrivate: input.isPrivate,
                isAnonymous: input.isAnonymous,
                shareToken: "",
              }}
            />
          </>,
          status,
        );
      },
    );
  });

  return app;
}
