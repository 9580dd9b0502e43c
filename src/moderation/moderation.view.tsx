import type { Child } from "hono/jsx";
import { formatDate, plural } from "../ui/format";
import { CsrfField } from "../ui/forms";
import { Pagination } from "../ui/pagination";
import type {
  HiddenItem,
  LogEntry,
  Paged,
  Person,
  QueueItem,
  TargetView,
} from "./moderation-queue.service";

// The moderators' pages: the report queue, the hidden list and (admins) the audit log.

export type ModerationTab = "queue" | "hidden" | "log";

const TAB_PATH: Record<ModerationTab, string> = {
  queue: "/moderation",
  hidden: "/moderation/hidden",
  log: "/moderation/log",
};

export const tabHref = (tab: ModerationTab) => (page: number) =>
  page > 1 ? `${TAB_PATH[tab]}?page=${page}` : TAB_PATH[tab];

function Tabs(props: { tab: ModerationTab; isAdmin: boolean }) {
  const tabs: [ModerationTab, string][] = [
    ["queue", "Reports"],
    ["hidden", "Hidden"],
    ...(props.isAdmin ? [["log", "Log"] as [ModerationTab, string]] : []),
  ];
  return (
    <nav class="tabs" aria-label="Moderation">
      {tabs.map(([tab, label]) => (
        <a href={TAB_PATH[tab]} aria-current={props.tab === tab ? "page" : undefined}>
          {label}
        </a>
      ))}
    </nav>
  );
}

export function ModerationPage(props: {
  tab: ModerationTab;
  isAdmin: boolean;
  page: number;
  pageCount: number;
  children?: Child;
}) {
  return (
    <section class="moderation">
      <h1>Moderation</h1>
      <Tabs tab={props.tab} isAdmin={props.isAdmin} />
      {props.children}
      <Pagination page={props.page} pageCount={props.pageCount} href={tabHref(props.tab)} />
    </section>
  );
}

const userHref = (p: Person) => `/user/${encodeURIComponent(p.username)}`;

function Name(props: { person: Person | null }) {
  return props.person ? (
    <a href={userHref(props.person)}>{props.person.displayName}</a>
  ) : (
    <span>a deleted account</span>
  );
}

/** One button per action; each posts the form token and comes back to `back`. */
function Actions(props: {
  kind: string;
  id: number;
  actions: [string, string][];
  csrf: string;
  back: string;
}) {
  return (
    <form method="post" action={`/moderation/${props.kind}/${props.id}`} class="moderation-actions">
      <CsrfField token={props.csrf} />
      <input type="hidden" name="back" value={props.back} />
      {props.actions.map(([action, label]) => (
        <button
          type="submit"
          name="action"
          value={action}
          class={action === "dismiss" ? "button secondary" : "button"}
        >
          {label}
        </button>
      ))}
    </form>
  );
}

function TargetBody(props: { target: TargetView }) {
  const t = props.target;
  if (t.kind === "user") {
    return (
      <div>
        <p class="moderation-meta">
          Person: <Name person={t.person} /> (@{t.person.username}, {t.role})
          {t.banned ? <strong> · banned</strong> : null}
          {t.deleted ? <strong> · account deleted</strong> : null}
        </p>
        {t.bioHtml ? (
          <div class="prose bio" dangerouslySetInnerHTML={{ __html: t.bioHtml }} />
        ) : null}
      </div>
    );
  }
  return (
    <div>
      <p class="moderation-meta">
        {t.kind === "summary" ? "Summary" : "Comment"} #{t.id} by <Name person={t.author} /> on{" "}
        <cite>{t.paperTitle}</cite>
        {t.hidden ? <strong> · hidden</strong> : <a href={t.href}> · open</a>}
        {t.unlisted ? <strong> · deleted or private</strong> : null}
      </p>
      <div class="prose moderation-content" dangerouslySetInnerHTML={{ __html: t.html }} />
    </div>
  );
}

function actionsFor(t: TargetView | null): [string, string][] {
  const dismiss: [string, string] = ["dismiss", "Dismiss"];
  if (!t) return [dismiss];
  if (t.kind === "user") return [t.banned ? ["unban", "Unban"] : ["ban", "Ban"], dismiss];
  return [t.hidden ? ["unhide", "Unhide"] : ["hide", "Hide"], dismiss];
}

export function QueueList(props: { queue: Paged<QueueItem>; csrf: string; back: string }) {
  if (props.queue.items.length === 0) return <p class="empty">No open reports.</p>;
  return (
    <ol class="moderation-list">
      {props.queue.items.map((item) => (
        <li class="moderation-item">
          <h2>
            {plural(item.reports.length, "report")} on {item.kind} #{item.id}
          </h2>
          {item.target ? <TargetBody target={item.target} /> : <p>This is gone for good.</p>}
          <ul class="report-reasons">
            {item.reports.map((r) => (
              <li>
                <strong>{r.label}</strong> from <Name person={r.reporter} />,{" "}
                <time datetime={r.at}>{formatDate(r.at)}</time>
                {r.details ? <q>{r.details}</q> : null}
              </li>
            ))}
          </ul>
          <Actions
            kind={item.kind}
            id={item.id}
            actions={actionsFor(item.target)}
            csrf={props.csrf}
            back={props.back}
          />
        </li>
      ))}
    </ol>
  );
}

export function HiddenList(props: { hidden: Paged<HiddenItem>; csrf: string; back: string }) {
  if (props.hidden.items.length === 0) return <p class="empty">Nothing is hidden.</p>;
  return (
    <ol class="moderation-list">
      {props.hidden.items.map(({ target, hiddenAt }) => (
        <li class="moderation-item">
          <h2>
            {target.kind} #{target.id}, hidden{" "}
            <time datetime={hiddenAt}>{formatDate(hiddenAt)}</time>
          </h2>
          <TargetBody target={target} />
          <Actions
            kind={target.kind}
            id={target.id}
            actions={[["unhide", "Unhide"]]}
            csrf={props.csrf}
            back={props.back}
          />
        </li>
      ))}
    </ol>
  );
}

function LogTarget(props: { entry: LogEntry }) {
  const e = props.entry;
  if (e.kind === "user" && e.targetPerson) {
    return <a href={`/user/${encodeURIComponent(e.targetPerson)}`}>@{e.targetPerson}</a>;
  }
  return (
    <span>
      {e.kind} #{e.targetId}
    </span>
  );
}

export function LogTable(props: { log: Paged<LogEntry> }) {
  if (props.log.items.length === 0) return <p class="empty">No moderator has acted yet.</p>;
  return (
    <table class="moderation-log">
      <caption class="visually-hidden">Moderator actions, newest first</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">Did</th>
          <th scope="col">To</th>
          <th scope="col">Note</th>
        </tr>
      </thead>
      <tbody>
        {props.log.items.map((e) => (
          <tr>
            <td>
              <time datetime={e.at}>{e.at.slice(0, 16).replace("T", " ")}</time>
            </td>
            <td>
              <Name person={e.actor} />
            </td>
            <td>{e.action}</td>
            <td>
              <LogTarget entry={e} />
            </td>
            <td>{e.note}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
