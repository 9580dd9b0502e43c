import { formatDate, plural } from "../ui/format";
import type { NotificationView } from "./notifications.service";

function What(props: { n: NotificationView }) {
  const { n } = props;
  const paper = <cite>{n.paperTitle}</cite>;
  if (n.kind === "votes") {
    return (
      <>
        {plural(n.count, "new vote")} on your summary of {paper}
      </>
    );
  }
  if (n.kind === "reply") {
    return (
      <>
        {n.actor ?? "Someone"} commented after you on a summary of {paper}
      </>
    );
  }
  return (
    <>
      {n.actor ?? "Someone"} commented on your summary of {paper}
    </>
  );
}

export function NotificationList(props: { items: NotificationView[] }) {
  return (
    <section class="notifications">
      <h1>Notifications</h1>
      {props.items.length === 0 ? (
        <p>
          Nothing yet. Comments and votes on your summaries, and replies after your comments, show
          up here.
        </p>
      ) : (
        <ul class="notification-list">
          {props.items.map((n) => (
            <li class={n.unread ? "unread" : undefined}>
              {n.unread ? <strong class="badge">New</strong> : null}{" "}
              <a href={n.link}>
                <What n={n} />
              </a>{" "}
              <time datetime={n.at}>{formatDate(n.at)}</time>
            </li>
          ))}
        </ul>
      )}
      <p class="hint">
        Mail about comments: <a href="/settings">Settings</a>.
      </p>
    </section>
  );
}

/** The page a mail's unsubscribe link opens: one button, no login (the link is the proof). */
export function UnsubscribeConfirm(props: { token: string }) {
  return (
    <section class="form-card">
      <h1>Stop comment mail</h1>
      <p>
        You will no longer get a mail when someone comments on your summaries or after your
        comments.
      </p>
      <form method="post" action={`/unsubscribe?token=${encodeURIComponent(props.token)}`}>
        <input type="hidden" name="List-Unsubscribe" value="One-Click" />
        <button type="submit">Unsubscribe</button>
      </form>
      <p class="hint">You can turn it back on in your settings at any time.</p>
    </section>
  );
}

export function UnsubscribeDone() {
  return (
    <section class="form-card">
      <h1>You are unsubscribed</h1>
      <p>
        We will not mail you about comments any more. To turn it back on, log in and open{" "}
        <a href="/settings">Settings</a>.
      </p>
    </section>
  );
}
