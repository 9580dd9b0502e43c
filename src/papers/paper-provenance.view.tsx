// What a paper page says about where its details come from, and the moderators' form to
// correct details no service has confirmed.

import { PAPER_TYPED_TITLE_MAX_CHARS } from "../core/limits";
import { CsrfField, Field } from "../ui/forms";
import type { MetadataSource } from "./papers.mapper";

export const HAND_ENTERED_NOTICE = "Details entered by hand, not yet confirmed.";

export function ProvenanceNotice(props: { source: MetadataSource }) {
  if (props.source === "service") return null;
  return (
    <p class="provenance-notice" role="note">
      {props.source === "hand"
        ? `${HAND_ENTERED_NOTICE} No metadata service knew this paper, or none could be reached, when it was added; we check again regularly and replace these details with the service's when it answers.`
        : "Details entered by hand and corrected by a moderator; no metadata service has confirmed them yet. We check again regularly and replace them with the service's when one knows this paper."}
    </p>
  );
}

export interface PaperDetailsFormValues {
  id: number;
  title: string;
  authors: string[];
  year: number | null;
  venueName: string | null;
  abstract: string;
}

/** For moderators, on the page of a paper whose details were typed in. */
export function PaperDetailsForm(props: {
  paper: PaperDetailsFormValues;
  csrf: string;
  error?: string | null;
}) {
  const p = props.paper;
  return (
    <section class="editor-box" aria-labelledby="details-title">
      <h2 id="details-title">Correct the paper's details</h2>
      {props.error ? (
        <p class="form-error" role="alert">
          {props.error}
        </p>
      ) : null}
      <form method="post" action={`/papers/${p.id}/details`}>
        <CsrfField token={props.csrf} />
        <Field label="Title" name="title" value={p.title} maxlength={PAPER_TYPED_TITLE_MAX_CHARS} />
        <p class="field">
          <label for="field-authors">Authors, one per line</label>
          <textarea id="field-authors" name="authors" rows={4} required>
            {p.authors.join("\n")}
          </textarea>
        </p>
        <Field label="Year" name="year" value={p.year ? String(p.year) : ""} required={false} />
        <Field
          label="Venue (journal or conference)"
          name="venue"
          value={p.venueName ?? ""}
          required={false}
        />
        <p class="field">
          <label for="field-abstract">Abstract</label>
          <textarea id="field-abstract" name="abstract" rows={5}>
            {p.abstract}
          </textarea>
        </p>
        <button class="button" type="submit">
          Save the corrected details
        </button>
      </form>
    </section>
  );
}
