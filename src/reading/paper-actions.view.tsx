// The paper page's actions at its top: the way to the editor, and what the page says to the
// author of a summary the public does not see there.

import type { CurrentUser } from "../core/current-user";
import type { PageCtx } from "../core/page-context";
import { restorableUntil } from "../summaries/summary-lifecycle.service";
import { DeletedNotice, PrivateSummaryBox } from "../summaries/summary-manage.view";
import type { OwnSummary } from "../summaries/summary-view";
import { withNext } from "../ui/next-link";

/**
 * What the page says to the author of a summary the public does not see here: the private
 * one's secret link, or the deleted one's Restore button (until it can no longer come back).
 */
export function OwnSummaryNotice(props: {
  paper: { id: number; title: string; path: string };
  page: PageCtx;
  own: OwnSummary | null;
  baseUrl: string;
  ownNotice: "saved" | "new-link" | null;
}) {
  const { own, page } = props;
  const user = page.user;
  if (!own || !user) return null;
  if (own.deletedAt !== null) {
    const until = restorableUntil(own.deletedAt);
    const deleted = {
      id: own.id,
      paperId: props.paper.id,
      paperTitle: props.paper.title,
      paperPath: props.paper.path,
      deletedAt: own.deletedAt,
      restorableUntil: until,
    };
    if (Date.parse(until) < Date.now()) return null;
    return (
      <div id="your-summary">
        <DeletedNotice deleted={deleted} csrf={user.csrfToken} />
      </div>
    );
  }
  if (!own.isPrivate) return null;
  return (
    <PrivateSummaryBox
      own={own}
      baseUrl={props.baseUrl}
      csrf={user.csrfToken}
      copyLinkJs={page.assets.copyLinkJs}
      notice={props.ownNotice}
    />
  );
}

/**
 * The way to the editor, at the top of the page: a button for a confirmed user, and for the
 * others what they need to do first (the logged-out variant is the same for every reader, so
 * the page stays cacheable).
 */
export function WriteAction(props: { user: CurrentUser | null; path: string; hasOwn: boolean }) {
  const writePath = `${props.path}/write`;
  if (!props.user) {
    return (
      <p class="write-action">
        <a href={withNext("/login", writePath)}>Log in</a> or{" "}
        <a href={withNext("/signup", writePath)}>sign up</a> to add a summary of this paper.
      </p>
    );
  }
  if (!props.user.emailVerified) {
    return (
      <p class="write-action form-notice">
        Confirm your e-mail address to add a summary: open the link we sent you, or have it sent
        again from <a href="/settings">Settings</a>.
      </p>
    );
  }
  return (
    <p class="write-action">
      <a class="button" href={writePath}>
        {props.hasOwn ? "Edit your summary" : "Add a summary"}
      </a>
    </p>
  );
}
