import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { PAPER_LOOKUP_BUSY_RETRY_AFTER_S, PAPER_TYPED_TITLE_MAX_CHARS } from "../core/limits";
import type { AppEnv } from "../http/app-env";
import { csrfTokenFor } from "../http/csrf";
import { formFields, withFormErrors } from "../http/forms";
import { type C, formPage, ipOf, isHttps } from "../http/route-helpers";
import { CsrfField, Field, FormCard, FormMessage } from "../ui/forms";
import {
  addPaperByHand,
  addPaperFromIdentifier,
  LookupBusyError,
  parseOrRefuse,
} from "./add-paper.service";
import { externalUrl, formatPaperId, type PaperId } from "./ids";
import { lookupPaperPath } from "./papers.service";
import type { MetadataService } from "./resolvers/metadata.service";

function FetchForm(props: { csrf: string; id: PaperId; message?: string | null }) {
  const shown = formatPaperId(props.id);
  return (
    <FormCard title="Add this paper">
      <FormMessage notice={props.message} />
      <p>
        <strong>{shown}</strong> is not on ShortScience yet (
        <a href={externalUrl(props.id)} rel="noopener nofollow">
          see it at its source
        </a>
        ). We can fetch its title, authors and abstract and give it a page, ready for summaries.
      </p>
      <form method="post" action="/papers">
        <CsrfField token={props.csrf} />
        <input type="hidden" name="identifier" value={shown} />
        <button class="button" type="submit">
          Fetch its details and add it
        </button>
      </form>
    </FormCard>
  );
}

function ManualForm(props: {
  csrf: string;
  identifier: string;
  loggedIn: boolean;
  error?: string | null;
  intro: string;
}) {
  return (
    <FormCard title="Enter the paper by hand">
      <FormMessage error={props.error} notice={props.intro} />
      {props.loggedIn ? (
        <form method="post" action="/papers/manual">
          <CsrfField token={props.csrf} />
          <Field label="Identifier or link" name="identifier" value={props.identifier} />
          <Field label="Title" name="title" maxlength={PAPER_TYPED_TITLE_MAX_CHARS} />
          <p class="field">
            <label for="field-authors">Authors, one per line</label>
            <textarea id="field-authors" name="authors" rows={4} required />
          </p>
          <Field label="Year" name="year" required={false} />
          <Field label="Venue (journal or conference)" name="venue" required={false} />
          <p class="field">
            <label for="field-abstract">Abstract</label>
            <textarea id="field-abstract" name="abstract" rows={5} />
          </p>
          <button class="button" type="submit">
            Add the paper
          </button>
        </form>
      ) : (
        <p>
          <a href="/login">Log in</a> to enter it by hand.
        </p>
      )}
    </FormCard>
  );
}

const csrf = (c: C) => csrfTokenFor(c, isHttps(c));

export function addPaperPages(metadata: MetadataService) {
  const app = new Hono<AppEnv>();

  // The search box on every page: any identifier or URL → the paper, or the page to add it.
  app.get("/lookup", async (c) => {
    const q = (c.req.query("q") ?? "").trim();
    if (q === "") return c.redirect("/", 302);
    const id = parseOrRefuse(q);
    const path = await lookupPaperPath(c.get("deps").db, formatPaperId(id));
    if (path) return c.redirect(path, 302);
    return c.redirect(`/papers/new?id=${encodeURIComponent(formatPaperId(id))}`, 302);
  });

  app.get("/papers/new", async (c) => {
    const id = parseOrRefuse(c.req.query("id") ?? "");
    const known = await lookupPaperPath(c.get("deps").db, formatPaperId(id));
    if (known) return c.redirect(known, 302);
    return formPage(c, "Add a paper", <FetchForm csrf={csrf(c)} id={id} />);
  });

  app.post("/papers", async (c) => {
    const field = await formFields(c);
    const { db } = c.get("deps");
    const result = await addPaperFromIdentifier(
      { db, metadata },
      { identifier: field("identifier"), ip: ipOf(c) },
    );
    if (result.status === "found") return c.redirect(result.path, 303);
    if (result.status === "unavailable" && result.busy) {
      // The service was not asked: it may know the paper, so no hand entry is offered.
      c.header("Retry-After", String(PAPER_LOOKUP_BUSY_RETRY_AFTER_S));
      return formPage(
        c,
        "Please try again in a minute",
        <FetchForm csrf={csrf(c)} id={result.id} message={result.reason} />,
        503,
      );
    }
    if (result.status === "unavailable") {
      return formPage(
        c,
        "Could not reach the service",
        <>
          <FetchForm
            csrf={csrf(c)}
            id={result.id}
            message={`We could not reach the service that knows this paper (${result.reason}). Please try again in a minute.`}
          />
          <ManualForm
            csrf={csrf(c)}
            identifier={formatPaperId(result.id)}
            loggedIn={c.get("user") !== null}
            intro="If it stays out of reach, you can enter the paper's details yourself. The page will say they were entered by hand until the service confirms or replaces them."
          />
        </>,
        503,
      );
    }
    return formPage(
      c,
      "Enter the paper by hand",
      <ManualForm
        csrf={csrf(c)}
        identifier={formatPaperId(result.id)}
        loggedIn={c.get("user") !== null}
        intro="No service we ask knows this identifier. You can enter the paper's details yourself."
      />,
      404,
    );
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
          loggedIn={c.get("user") !== null}
          error={error}
          intro=""
        />,
        status,
      );
    return withFormErrors(async () => {
      const { db } = c.get("deps");
      try {
        return c.redirect(await addPaperByHand({ db, metadata }, c.get("user"), input), 303);
      } catch (error) {
        if (!(error instanceof LookupBusyError)) throw error;
        c.header("Retry-After", String(error.retryAfterSeconds));
        return showForm(error.message, 503);
      }
    }, showForm);
  });

  return app;
}
