// The add-paper templates: the offer to fetch a paper's details, the progress of that fetch,
// and the form to type them in.

import { PAPER_TYPED_TITLE_MAX_CHARS } from "../core/limits";
import { CsrfField, Field, FormCard, FormMessage } from "../ui/forms";
import { externalUrl, formatPaperId, type PaperId } from "./ids";

/** Who is looking: only a confirmed user may enter a paper by hand. */
export type Writer = "anonymous" | "unconfirmed" | "confirmed";

export function FetchForm(props: {
  csrf: string;
  id: PaperId;
  message?: string | null;
  /** After a failed lookup: the button says "try again", the paper's blurb is not repeated. */
  retry?: boolean;
}) {
  const shown = formatPaperId(props.id);
  return (
    <FormCard title={props.retry ? "Fetch its details again" : "Add this paper"}>
      <FormMessage notice={props.message} />
      {props.retry ? null : (
        <p>
          <strong>{shown}</strong> is not on ShortScience yet (
          <a href={externalUrl(props.id)} rel="noopener nofollow">
            see it at its source
          </a>
          ). We can fetch its title, authors and abstract and give it a page, ready for summaries.
        </p>
      )}
      <form method="post" action="/papers">
        <CsrfField token={props.csrf} />
        <input type="hidden" name="identifier" value={shown} />
        <button class="button" type="submit">
          {props.retry ? "Try fetching again" : "Fetch its details and add it"}
        </button>
      </form>
    </FormCard>
  );
}

/** What is being asked of whom, while the lookup runs; the page reloads itself. */
export function ProgressCard(props: { sentence: string; seconds: number; checkAgain: string }) {
  return (
    <FormCard title="Fetching the paper's details">
      <p class="form-notice" role="status">
        {props.sentence}
      </p>
      <p>
        {props.seconds > 0 ? `Waiting for ${props.seconds} s so far. ` : null}
        This page updates by itself, and gives up within a minute at most if no answer comes.
      </p>
      <p>
        <a href={props.checkAgain}>Check again</a>
      </p>
    </FormCard>
  );
}

export function ManualForm(props: {
  csrf: string;
  identifier: string;
  writer: Writer;
  error?: string | null;
  /** The one sentence that says why the form is offered (the lookup's outcome). */
  message?: string | null;
}) {
  return (
    <FormCard title="Enter the paper by hand">
      <FormMessage error={props.error} notice={props.message} />
      {props.writer === "confirmed" ? (
        <form method="post" action="/papers/manual">
          <p class="hint">
            The paper's page will say its details were entered by hand until a service confirms or
            replaces them; we keep asking.
          </p>
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
      ) : props.writer === "unconfirmed" ? (
        <p>
          Confirm your e-mail address to enter it by hand: open the link we sent you (
          <a href="/settings">Settings</a> can send it again).
        </p>
      ) : (
        <p>
          <a href="/login">Log in</a> to enter it by hand.
        </p>
      )}
    </FormCard>
  );
}
