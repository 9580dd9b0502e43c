import { SUMMARY_RESTORE_DAYS } from "../core/limits";
import { formatDate } from "../ui/format";
import { CsrfField } from "../ui/forms";
import type { DeletedSummary, OwnSummary } from "./summary-view";

// The author's controls around a summary: the actions row, the private summary's secret link,
// the deleted summary's Restore button, the delete confirmation. Plain data in.

export interface ActionsViewer {
  loggedIn: boolean;
  /** The reader wrote this summary. */
  isAuthor: boolean;
  isAdmin: boolean;
}

/**
 * Under a summary: Edit, History and Delete for its author; History for everyone when it was
 * edited and carries its author's name (others' anonymous histories are the author's own);
 * Report for other logged-in readers; Delete for admins.
 */
export function SummaryActions(props: {
  summaryId: number;
  paperPath: string;
  /** Readers other than the author may see its history (named, edited at least once). */
  historyPublic: boolean;
  viewer: ActionsViewer;
}) {
  const { summaryId: id, viewer } = props;
  const links: { href: string; label: string }[] = [];
  if (viewer.isAuthor) links.push({ href: `${props.paperPath}/write`, label: "Edit" });
  if (viewer.isAuthor || props.historyPublic) {
    links.push({ href: `/summary/${id}/history`, label: "History" });
  }
  if (viewer.isAuthor) links.push({ href: `/summary/${id}/delete`, label: "Delete" });
  if (viewer.loggedIn && !viewer.isAuthor) {
    links.push({ href: `/report/summary/${id}`, label: "Report" });
  }
  if (links.length === 0) return null;
  return (
    <ul class="summary-actions" aria-label="Summary actions">
      {links.map((l) => (
        <li>
          <a href={l.href}>{l.label}</a>
        </li>
      ))}
    </ul>
  );
}

/** The private summary's secret link: absolute, selectable, copyable, replaceable. */
export function PrivateSummaryBox(props: {
  own: OwnSummary;
  baseUrl: string;
  csrf: string;
  copyLinkJs: string;
  /** What just happened: a save, or a new link (the old one is dead). */
  notice: "saved" | "new-link" | null;
}) {
  const link = `${props.baseUrl}/shared/${props.own.shareToken}`;
  return (
    <section class="private-summary form-notice" id="your-summary" aria-labelledby="private-title">
      <h2 id="private-title">Your private summary</h2>
      {props.notice === "saved" ? (
        <p role="status">
          <strong>Saved.</strong> It is private: it is not listed anywhere, and only people you give
          this link to can read it.
        </p>
      ) : props.notice === "new-link" ? (
        <p role="status">
          <strong>New link made.</strong> The old link no longer works; only people you give this
          one to can read it.
        </p>
      ) : (
        <p>Only people you give this link to can read it; it is not listed anywhere.</p>
      )}
      <p class="field share-link">
        <label for="share-link">Secret link</label>
        <input id="share-link" type="url" readonly value={link} data-copy-link="" />
      </p>
      <p>
        <a href={`/shared/${props.own.shareToken}`}>Read it</a> ·{" "}
        <a href={`/summary/${props.own.id}/history`}>History</a>
      </p>
      <form method="post" action={`/summary/${props.own.id}/share-link`} class="inline-form">
        <CsrfField token={props.csrf} />
        <button type="submit" class="link-button">
          Make a new link
        </button>{" "}
        <span class="hint">(the current link stops working)</span>
      </form>
      <script src={props.copyLinkJs} defer />
    </section>
  );
}

/** A Restore button for a deleted summary. */
export function RestoreForm(props: { summaryId: number; csrf: string; label?: string }) {
  return (
    <form method="post" action={`/summary/${props.summaryId}/restore`} class="inline-form">
      <CsrfField token={props.csrf} />
      <button type="submit" class="button secondary">
        {props.label ?? "Restore"}
      </button>
    </form>
  );
}

/** "You deleted it; it can come back until DATE." */
export function DeletedNotice(props: {
  deleted: DeletedSummary;
  csrf: string;
  /** Whether it can still be restored (false: past the window, waiting to be purged). */
  restorable?: boolean;
}) {
  const d = props.deleted;
  if (props.restorable === false) {
    return (
      <p class="form-notice" role="status">
        This summary was deleted on <time datetime={d.deletedAt}>{formatDate(d.deletedAt)}</time>,
        more than {SUMMARY_RESTORE_DAYS} days ago, and can no longer be restored.
      </p>
    );
  }
  return (
    <div class="form-notice deleted-notice" role="status">
      <p>
        Your summary of <a href={d.paperPath}>{d.paperTitle}</a> was deleted on{" "}
        <time datetime={d.deletedAt}>{formatDate(d.deletedAt)}</time>. It can be restored, with its
        votes and comments, until{" "}
        <time datetime={d.restorableUntil}>{formatDate(d.restorableUntil)}</time>.
      </p>
      <RestoreForm summaryId={d.id} csrf={props.csrf} />
    </div>
  );
}

/** GET /summary/ID/delete: what deleting does, and the button that does it. */
export function DeleteConfirm(props: {
  summaryId: number;
  paperTitle: string;
  paperPath: string;
  csrf: string;
  byAdmin: boolean;
}) {
  return (
    <section class="form-card">
      <h1>Delete this summary?</h1>
      <p>
        {props.byAdmin ? "The" : "Your"} summary of <a href={props.paperPath}>{props.paperTitle}</a>{" "}
        leaves every page at once, with its votes and comments.{" "}
        {props.byAdmin ? "Its author" : "You"} can restore it for {SUMMARY_RESTORE_DAYS} days; after
        that it is deleted for good.
      </p>
      <form method="post" action={`/summary/${props.summaryId}/delete`}>
        <CsrfField token={props.csrf} />
        <p>
          <button type="submit" class="button">
            Delete
          </button>{" "}
          <a href={props.paperPath}>Cancel</a>
        </p>
      </form>
    </section>
  );
}
