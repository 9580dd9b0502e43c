import { REPORT_DETAILS_MAX_CHARS } from "../core/limits";
import { CsrfField, FormMessage } from "../ui/forms";
import { REPORT_REASONS } from "./report-reasons";
import type { ReportTarget } from "./reports.service";

// The report form and its thank-you page. Plain data in; the form works without JavaScript.

const KIND_WORD = { summary: "summary", comment: "comment", user: "person" } as const;

export function reportAction(target: ReportTarget, ref: string): string {
  return `/report/${target.kind}/${encodeURIComponent(ref)}`;
}

export function ReportForm(props: {
  target: ReportTarget;
  action: string;
  csrf: string;
  reason?: string;
  details?: string;
  error?: string;
}) {
  const { target } = props;
  return (
    <section class="report">
      <h1>Report this {KIND_WORD[target.kind]}</h1>
      <p class="hint">
        Moderators read every report. Tell them what is wrong; the author is not told who reported.
      </p>
      <figure class="report-target">
        <figcaption>{target.heading}</figcaption>
        {target.html ? (
          <div class="prose" dangerouslySetInnerHTML={{ __html: target.html }} />
        ) : null}
      </figure>
      <FormMessage error={props.error} />
      <form method="post" action={props.action} class="report-form">
        <CsrfField token={props.csrf} />
        <fieldset>
          <legend>What is wrong?</legend>
          {REPORT_REASONS.map((r) => (
            <p class="checkbox">
              <input
                type="radio"
                id={`reason-${r.key}`}
                name="reason"
                value={r.key}
                required
                checked={props.reason === r.key}
              />
              <label for={`reason-${r.key}`}>{r.label}</label>
            </p>
          ))}
        </fieldset>
        <p class="field">
          <label for="report-details">Details (optional)</label>
          <textarea
            id="report-details"
            name="details"
            rows={4}
            maxlength={REPORT_DETAILS_MAX_CHARS}
            aria-describedby="report-details-hint"
          >
            {props.details ?? ""}
          </textarea>
          <small id="report-details-hint" class="hint">
            At most {REPORT_DETAILS_MAX_CHARS} characters.
          </small>
        </p>
        <p>
          <button type="submit" class="button">
            Send report
          </button>{" "}
          <a href={target.back}>Cancel</a>
        </p>
      </form>
    </section>
  );
}

export function ReportThanks(props: { target: ReportTarget }) {
  return (
    <section class="form-card">
      <h1>Thank you</h1>
      <p role="status">Your report was sent to the moderators. They will look at it soon.</p>
      <p>
        <a href={props.target.back}>Back to the {KIND_WORD[props.target.kind]}</a>
      </p>
    </section>
  );
}
