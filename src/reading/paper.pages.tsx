import { Hono } from "hono";
import { DomainError, invalid, notFound } from "../core/errors";
import { SHARED_PAPER_MAX_PAGE_BYTES } from "../core/limits";
import { isModerator } from "../core/publish-policy";
import type { AppEnv } from "../http/app-env";
import { formFields, withFormErrors } from "../http/forms";
import { VIEW_HEADER } from "../http/page-cache";
import { declareCacheTags } from "../http/page-cache-tags";
import { pageCtx } from "../http/page-context";
import { formPage, ipOf } from "../http/route-helpers";
import { sendBytes, sendPage } from "../http/send-page";
import { correctPaperDetails } from "../papers/hand-entered.service";
import { ID_SCHEMES, type IdScheme, type PaperId, parsePaperId } from "../papers/ids";
import { PaperDetailsForm } from "../papers/paper-provenance.view";
import { lookupPaperPath, resolvePaperPath } from "../papers/papers.service";
import { sendEditorPage } from "../summaries/summary-write.pages";
import { renderPaperPage, sharedPaperPage } from "./paper-page-bytes";
import { SharedPaperCache } from "./shared-paper-cache";
import { UnknownPaperPage } from "./unknown-paper.view";

/** The identifier a paper address names (`/paper/pmid/123` → pmid:123), or null. */
function idOfPath(scheme: string, value: string): PaperId | null {
  if (!(ID_SCHEMES as readonly string[]).includes(scheme)) return null;
  const prefix: Partial<Record<IdScheme, string>> = { s2corpus: "corpusid", s2: "" };
  const prefixed = prefix[scheme as IdScheme] ?? scheme;
  return (prefixed ? parsePaperId(`${prefixed}:${value}`) : null) ?? parsePaperId(value);
}

export function paperPages(opts: { sharedCacheMaxBytes: number }) {
  const app = new Hono<AppEnv>();
  // Logged-in readers' pages share their common part (reading/paper-page-bytes.tsx).
  const shared = new SharedPaperCache({
    maxBytes: opts.sharedCacheMaxBytes,
    maxPageBytes: Math.min(SHARED_PAPER_MAX_PAGE_BYTES, opts.sharedCacheMaxBytes),
  });

  app.get("/paper/:scheme/:value{.+}", async (c) => {
    const { db } = c.get("deps");
    // The editor, /paper/…/write, is resolved here: Hono's router cannot tell a `{.+}` path
    // with a suffix from one without. A paper whose own identifier ends in "/write" still
    // gets its page (the first look-up misses, and the whole value is tried next).
    const value = c.req.param("value");
    if (value.endsWith("/write")) {
      const target = await resolvePaperPath(db, c.req.param("scheme"), value.slice(0, -6));
      if (target) {
        const canonical = `${target.canonicalPath}/write`;
        if (canonical !== c.req.path) return c.redirect(canonical, 301);
        return sendEditorPage(c, target.paperId);
      }
    }
    const found = await resolvePaperPath(db, c.req.param("scheme"), c.req.param("value"));
    if (!found) {
      // An identifier we have no paper for (a `\cite{…}` of it, an old link): say so (404).
      const id = idOfPath(c.req.param("scheme"), c.req.param("value"));
      if (!id) throw notFound("That paper");
      return sendPage(
        c,
        UnknownPaperPage({ page: pageCtx(c), id, here: new URL(c.req.url).pathname }),
        404,
      );
    }
    if (found.canonicalPath !== c.req.path) return c.redirect(found.canonicalPath, 301);
    const user = c.get("user");
    const req = {
      db,
      found,
      page: pageCtx(c),
      siteUrl: c.get("deps").config.baseUrl,
      ownNotice:
        c.req.query("saved") === "private"
          ? ("saved" as const)
          : c.req.query("link") === "new"
            ? ("new-link" as const)
            : null,
    };
    const paper = user ? await sharedPaperPage(req, user, shared) : await renderPaperPage(req);
    // Once per client and day, however often it asks (cached hits count in the page cache).
    c.get("pageViews").record(paper.paperId, ipOf(c));
    c.header(VIEW_HEADER, String(paper.paperId));
    declareCacheTags(c, paper.tags);
    return sendBytes(c, paper.bytes);
  });

  // Moderators correct a hand-entered paper's details (the form is on its page).
  app.post("/papers/:id{[0-9]{1,12}}/details", async (c) => {
    const field = await formFields(c);
    const paperId = Number(c.req.param("id"));
    const input = {
      title: field("title"),
      authors: field("authors"),
      year: field("year"),
      venue: field("venue"),
      abstract: field("abstract"),
    };
    const user = c.get("user");
    return withFormErrors(
      async () =>
        c.redirect(await correctPaperDetails(c.get("deps").db, user, paperId, input), 303),
      (error, status) => {
        // Only a moderator gets the form back; anyone else gets the plain error page.
        if (!user || !isModerator(user)) throw new DomainError("forbidden", error);
        return formPage(
          c,
          "Correct the paper's details",
          <PaperDetailsForm
            csrf={user.csrfToken}
            error={error}
            paper={{
              id: paperId,
              title: input.title,
              authors: input.authors.split("\n"),
              year: /^\d{4}$/.test(input.year.trim()) ? Number(input.year.trim()) : null,
              venueName: input.venue,
              abstract: input.abstract,
            }}
          />,
          status,
        );
      },
    );
  });

  // The original site's paper URLs: /paper?bibtexKey=journals/corr/1609.05473 and friends.
  app.get("/paper", async (c) => {
    const key = c.req.query("bibtexKey");
    if (!key) throw invalid("Which paper? The address needs a bibtexKey.");
    const path = await lookupPaperPath(c.get("deps").db, key);
    if (!path) throw notFound("That paper");
    return c.redirect(path, 301);
  });

  return app;
}
