import { Hono } from "hono";
import { assertCanPublish } from "../core/publish-policy";
import type { AppEnv } from "../http/app-env";
import { formFields, withFormErrors } from "../http/forms";
import { returnPathOf } from "../http/next-path";
import { formPage, requireUser } from "../http/route-helpers";
import { withNext } from "../ui/next-link";
import { ReportForm, ReportThanks, reportAction } from "./report.view";
import { fileReport, findReportTarget } from "./reports.service";

/**
 * `/report/:kind/:ref` (kind summary or comment with its id, or user with the username): any
 * logged-in reader reports what they see. Never cached (it holds a form token).
 */
export function reportPages() {
  const app = new Hono<AppEnv>();

  app.get("/report/:kind/:ref", async (c) => {
    const user = c.get("user");
    if (!user) return c.redirect(withNext("/login", returnPathOf(new URL(c.req.url), "GET")), 303);
    assertCanPublish(user);
    const { kind, ref } = c.req.param();
    const target = await findReportTarget(c.get("deps").db, user, kind, ref);
    return formPage(
      c,
      "Report",
      <ReportForm target={target} action={reportAction(target, ref)} csrf={user.csrfToken} />,
    );
  });

  app.post("/report/:kind/:ref", async (c) => {
    const user = requireUser(c);
    const { kind, ref } = c.req.param();
    const db = c.get("deps").db;
    const field = await formFields(c);
    const input = { reason: field("reason"), details: field("details") };
    return withFormErrors(
      async () =>
        formPage(
          c,
          "Report sent",
          <ReportThanks target={await fileReport(db, user, kind, ref, input)} />,
        ),
      async (error, status) => {
        const target = await findReportTarget(db, user, kind, ref);
        return formPage(
          c,
          "Report",
          <ReportForm
            target={target}
            action={reportAction(target, ref)}
            csrf={user.csrfToken}
            reason={input.reason}
            details={input.details}
            error={error}
          />,
          status,
        );
      },
    );
  });

  return app;
}
