import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../http/app-env";
import { formFields, noStore, withFormErrors } from "../http/forms";
import { pageCtx } from "../http/page-context";
import { idParam } from "../http/params";
import { type C, requireUser } from "../http/route-helpers";
import { sendPage } from "../http/send-page";
import { getPaper } from "../papers/papers.service";
import { getOwnSummary } from "./summaries.service";
import { type EditorForm, EditorPage, type EditorPageProps } from "./summary-editor.view";
import { restorableUntil } from "./summary-lifecycle.service";
import {
  MathErrorsUnconfirmed,
  previewSummary,
  saveSummary,
  summarySourceFits,
} from "./summary-write.service";

type Extra = Pick<EditorPageProps, "preview" | "error" | "confirm">;

/**
 * The editor page for one paper: the reader's own summary or a blank form, or what was just
 * sent with a preview, a refusal or math errors to confirm. Never cached: it holds the
 * reader's form token and text.
 */
async function editorPage(
  c: C,
  paperId: number,
  form: EditorForm | null,
  extra: Extra = {},
  status: ContentfulStatusCode = 200,
) {
  const { db, config } = c.get("deps");
  const paper = await getPaper(db, paperId);
  const user = c.get("user");
  const stored = user ? await getOwnSummary(db, paper.id, user.id) : null;
  // A deleted summary is not edited: the page offers to restore it, or to write anew.
  const own = stored?.deletedAt ? null : stored;
  const deleted =
    stored?.deletedAt && Date.parse(restorableUntil(stored.deletedAt)) >= Date.now()
      ? {
          id: stored.id,
          paperId: paper.id,
          paperTitle: paper.title,
          paperPath: paper.path,
          deletedAt: stored.deletedAt,
          restorableUntil: restorableUntil(stored.deletedAt),
        }
      : null;
  noStore(c);
  const page = EditorPage({
    page: pageCtx(c),
    paper: { id: paper.id, title: paper.title, path: paper.path },
    own,
    deleted,
    form: form ?? {
      source: own?.source ?? "",
      isPrivate: own?.isPrivate === true,
      isAnonymous: own?.isAnonymous === true,
    },
    baseUrl: config.baseUrl.replace(/\/+$/, ""),
    unsaved: form !== null,
    ...extra,
  });
  return sendPage(c, page, status);
}

/** GET /paper/…/write (routed by reading/paper.pages.tsx, which owns the paper paths). */
export function sendEditorPage(c: C, paperId: number) {
  return editorPage(c, paperId, null);
}

/**
 * POST /summaries: Preview (the server renders, nothing is stored) or Publish (the default).
 * Publishing needs 200 characters, and a second click to publish with math errors.
 */
export function summaryWritePages() {
  const app = new Hono<AppEnv>();

  app.post("/summaries", async (c) => {
    const user = requireUser(c);
    const field = await formFields(c);
    const paperId = idParam(field("paperId"), "paper");
    const form: EditorForm = {
      source: field("source"),
      isPrivate: field("private") === "1",
      isAnonymous: field("anonymous") === "1",
    };
    const { db, render } = c.get("deps");
    // A text over the size limit is not sent back (that would echo megabytes); the browser's
    // Back button still has it.
    const keep = summarySourceFits(form.source);
    const kept = keep ? form : { ...form, source: "" };
    return withFormErrors(
      async () => {
        if (field("intent") === "preview") {
          const preview = await previewSummary(db, render, user, form.source);
          return editorPage(c, paperId, form, { preview });
        }
        try {
          const input = { ...form, paperId, publishWithErrors: field("publishWithErrors") };
          const id = await saveSummary(db, render, user, input);
          if (!form.isPrivate) return c.redirect(`/summary/${id}`, 303);
          // A private summary has no public page: back to the paper, which shows its link.
          const paper = await getPaper(db, paperId);
          return c.redirect(`${paper.path}?saved=private#your-summary`, 303);
        } catch (error) {
          if (!(error instanceof MathErrorsUnconfirmed)) throw error;
          const { issues, token, html } = error;
          const extra = { error: error.message, confirm: { issues, token } };
          return editorPage(
            c,
            paperId,
            form,
            { ...extra, preview: { html, mathErrors: issues } },
            422,
          );
        }
      },
      (error, status) =>
        editorPage(
          c,
          paperId,
          kept,
          { error: keep ? error : `${error} Your text is not shown here: go back to get it.` },
          status,
        ),
    );
  });

  return app;
}
