// /lookup, /papers/new and its status page, /papers/manual. Adding a paper works without
// JavaScript and shows progress: POST /papers starts the lookup (paper-lookups.service.ts) and
// redirects (303) to /papers/new/status, which waits briefly on the server for the lookup to
// settle and otherwise says what is being asked of whom, reloading itself at once
// (`refresh` 0: no timed refresh, so none that a reader must keep up with; the server's wait
// sets the pace). A settled lookup leads to the paper, or says in one sentence what went
// wrong and offers the hand form, filled in with the identifier.

import { Hono } from "hono";
import type { JSX } from "hono/jsx/jsx-runtime";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import {
  PAPER_LOOKUP_BUSY_RETRY_AFTER_S,
  PAPER_LOOKUP_FIRST_WAIT_MS,
  PAPER_LOOKUP_POLL_WAIT_MS,
} from "../core/limits";
import type { AppEnv } from "../http/app-env";
import { csrfTokenFor } from "../http/csrf";
import { formFields, noStore, withFormErrors } from "../http/forms";
import { pageCtx } from "../http/page-context";
import { type C, formPage, ipOf, isHttps } from "../http/route-helpers";
import { sendPage } from "../http/send-page";
import { Layout } from "../ui/layout";
import { addPaperByHand, LookupBusyError, parseOrRefuse } from "./add-paper.service";
import { FetchForm, ManualForm, ProgressCard, type Writer } from "./add-paper.view";
import { formatPaperId, type PaperId } from "./ids";
import {
  askingSentence,
  busySentence,
  notFoundSentence,
  unreachableSentence,
} from "./lookup-sentences";
import { type LookupState, PaperLookups } from "./paper-lookups.service";
import { lookupPaperPath } from "./papers.service";
import type { MetadataService } from "./resolvers/metadata.service";

const csrf = (c: C) => csrfTokenFor(c, isHttps(c));

function writerOf(c: C): Writer {
  const user = c.get("user");
  if (!user) return "anonymous";
  return user.emailVerified ? "confirmed" : "unconfirmed";
}

/** The paper address of an identifier we have no paper for: /paper/SCHEME/VALUE[vN]. */
function unknownPaperPath(id: PaperId): string {
  const value = `${id.value}${id.version ? `v${id.version}` : ""}`;
  return `/paper/${id.scheme}/${value.split("/").map(encodeURIComponent).join("/")}`;
}

const statusPath = (id: PaperId, poll: boolean) =>
  `/papers/new/status?id=${encodeURIComponent(formatPaperId(id))}${poll ? "&poll=1" : ""}`;

function busyPage(c: C, id: PaperId, message: string) {
  // The service was not asked: it may know the paper, so no hand entry is offered.
  c.header("Retry-After", String(PAPER_LOOKUP_BUSY_RETRY_AFTER_S));
  return formPage(
    c,
    "Please try again in a minute",
    <FetchForm csrf={csrf(c)} id={id} message={message} retry />,
    503,
  );
}

function handFormPage(c: C, id: PaperId, message: string, status: ContentfulStatusCode) {
  return formPage(
    c,
    "Enter the paper by hand",
    <>
      <ManualForm
        csrf={csrf(c)}
        identifier={formatPaperId(id)}
        writer={writerOf(c)}
        message={message}
      />
      {status === 503 ? <FetchForm csrf={csrf(c)} id={id} retry /> : null}
    </>,
    status,
  );
}

function progressPage(c: C, id: PaperId, state: { services: string[]; startedAt: number }) {
  noStore(c);
  const again = statusPath(id, true);
  const page: JSX.Element = (
    <Layout
      page={pageCtx(c)}
      title="Fetching the paper's details"
      head={<meta http-equiv="refresh" content={`0; url=${again}`} />}
    >
      <ProgressCard
        sentence={askingSentence(state.services, formatPaperId(id))}
        seconds={Math.max(0, Math.floor((Date.now() - state.startedAt) / 1000))}
        checkAgain={again}
      />
    </Layout>
  );
  return sendPage(c, page);
}

/** A settled (or running) lookup → the page that says so; `services`: those asked. */
function outcomePage(c: C, id: PaperId, state: LookupState, services: string[]) {
  const shown = formatPaperId(id);
  switch (state.status) {
    case "pending":
      return progressPage(c, id, state);
    case "found":
      noStore(c);
      return c.redirect(state.path, 303);
    case "failed":
      throw state.error;
    case "not_found":
      return handFormPage(c, id, notFoundSentence(services, shown), 404);
    default:
      if (state.busy) return busyPage(c, id, busySentence(state.service, shown));
      return handFormPage(c, id, unreachableSentence(state.service, state.slow, shown), 503);
  }
}

export function addPaperPages(metadata: MetadataService) {
  const app = new Hono<AppEnv>();
  let lookups: PaperLookups | null = null;
  // One table of lookups per app; the database handle comes with the first request.
  const lookupsOf = (c: C) => {
    lookups ??= new PaperLookups({ db: c.get("deps").db, metadata });
    return lookups;
  };

  // Where `\cite{…}` links lead (and older links to the lookup): any identifier or URL → the
  // paper, or, for one we don't have, its address, which explains that to the reader and
  // offers a confirmed user to add it (reading/unknown-paper.view.tsx).
  app.get("/lookup", async (c) => {
    const q = (c.req.query("q") ?? "").trim();
    if (q === "") return c.redirect("/", 302);
    const id = parseOrRefuse(q);
    const path = await lookupPaperPath(c.get("deps").db, formatPaperId(id));
    return c.redirect(path ?? unknownPaperPath(id), 302);
  });

  app.get("/papers/new", async (c) => {
    const id = parseOrRefuse(c.req.query("id") ?? "");
    const known = await lookupPaperPath(c.get("deps").db, formatPaperId(id));
    if (known) return c.redirect(known, 302);
    return formPage(c, "Add a paper", <FetchForm csrf={csrf(c)} id={id} />);
  });

  app.post("/papers", async (c) => {
    const field = await formFields(c);
    const id = parseOrRefuse(field("identifier"));
    const known = await lookupPaperPath(c.get("deps").db, formatPaperId(id));
    if (known) return c.redirect(known, 303);
    try {
      await lookupsOf(c).start(id, ipOf(c));
    } catch (error) {
      if (error instanceof LookupBusyError) return busyPage(c, id, error.message);
      throw error;
    }
    return c.redirect(statusPath(id, false), 303);
  });

  app.get("/papers/new/status", async (c) => {
    const id = parseOrRefuse(c.req.query("id") ?? "");
    const wait = c.req.query("poll") ? PAPER_LOOKUP_POLL_WAIT_MS : PAPER_LOOKUP_FIRST_WAIT_MS;
    const state = await lookupsOf(c).wait(id, wait);
    // Read after the wait: the lookup may have just made the paper, or another process did.
    const known = await lookupPaperPath(c.get("deps").db, formatPaperId(id));
    noStore(c);
    if (known) return c.redirect(known, 303);
    if (!state) {
      const message = `Nobody is fetching ${formatPaperId(id)} just now; the button below asks for it.`;
      return formPage(c, "Add a paper", <FetchForm csrf={csrf(c)} id={id} message={message} />);
    }
    return outcomePage(c, id, state, metadata.servicesFor(id));
  });

  app.post("/papers/manual", async (c) => {
    const field = await formFields(c);
    const input = {
      identifier: field("identifier"),
      title: field("title"),
      authors: field("authors"),
      year: field("year"),
      venue: field("venue"),
      abstract: field("abstract"),
    };
    const showForm = (error: string, status: ContentfulStatusCode) =>
      formPage(
        c,
        "Enter the paper by hand",
        <ManualForm
          csrf={csrf(c)}
          identifier={input.identifier}
          writer={writerOf(c)}
          error={error}
        />,
        status,
      );
    return withFormErrors(async () => {
      const { db } = c.get("deps");
      const l = lookupsOf(c);
      const deps = {
        db,
        metadata,
        recentlyUnreachable: (id: PaperId) => l.recentlyUnreachable(id),
      };
      try {
        return c.redirect(await addPaperByHand(deps, c.get("user"), input), 303);
      } catch (error) {
        if (!(error instanceof LookupBusyError)) throw error;
        c.header("Retry-After", String(error.retryAfterSeconds));
        return showForm(error.message, 503);
      }
    }, showForm);
  });

  return app;
}
