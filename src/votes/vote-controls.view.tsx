import type { PageCtx } from "../core/page-context";
import { withNext } from "../ui/next-link";
import type { ViewerVote } from "./votes.service";

export interface VoteControlsProps {
  page: PageCtx;
  summaryId: number;
  /** The reader's vote and whether the summary is theirs (reading.service, one query a page). */
  viewer: ViewerVote | undefined;
  /** The page the form is on, where the plain form comes back to. */
  back: string;
}

/**
 * What a reader may do with a summary's score, which the article itself shows: log in, confirm
 * their address, nothing (their own), or vote. The pressed button carries the reader's vote
 * (aria-pressed) and sends 0, so pressing it again withdraws; public/votes.js sends the same
 * form with fetch and updates score and buttons from the answer.
 */
export function VoteControls(props: VoteControlsProps) {
  const user = props.page.user;
  if (!user) {
    // returnTo is the page's own path, the same for every anonymous reader: cacheable.
    return (
      <a class="vote-login" href={withNext("/login", props.page.returnTo)}>
        Log in to vote
      </a>
    );
  }
  if (props.viewer?.own) return null;
  if (!user.emailVerified) {
    return (
      <form method="post" action="/settings/resend-verification" class="vote-unconfirmed">
        <input type="hidden" name="_csrf" value={user.csrfToken} />
        Confirm your e-mail to vote.{" "}
        <button type="submit" class="link-button">
          Send the confirmation link again
        </button>
      </form>
    );
  }
  const vote = props.viewer?.vote ?? 0;
  return (
    <form
      method="post"
      action={`/summary/${props.summaryId}/vote`}
      class="vote-form"
      data-summary-id={String(props.summaryId)}
    >
      <input type="hidden" name="_csrf" value={user.csrfToken} />
      <input type="hidden" name="next" value={props.back} />
      <button
        type="submit"
        name="value"
        value={vote === 1 ? "0" : "1"}
        data-vote="1"
        aria-pressed={vote === 1 ? "true" : "false"}
        aria-label="Vote this summary up"
      >
        ▲ Up
      </button>
      <button
        type="submit"
        name="value"
        value={vote === -1 ? "0" : "-1"}
        data-vote="-1"
        aria-pressed={vote === -1 ? "true" : "false"}
        aria-label="Vote this summary down"
      >
        ▼ Down
      </button>
      <span class="vote-error" role="alert" />
    </form>
  );
}

/**
 * The vote script, once per page, for readers who have vote buttons (confirmed and logged in):
 * `defer`, served from our origin (the CSP allows no inline script).
 */
export function VoteScript(props: { page: PageCtx }) {
  const user = props.page.user;
  if (!user?.emailVerified) return null;
  return <script src={props.page.assets.votesJs} defer />;
}
