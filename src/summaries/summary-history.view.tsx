import type { PageCtx } from "../core/page-context";
import { formatDate } from "../ui/format";
import { CsrfField } from "../ui/forms";
import { Layout } from "../ui/layout";
import type { HistoryPage } from "./summary-history.service";
import type { DiffPart, RevisionView } from "./summary-view";

// /summary/ID/history: the revisions, newest first; a word diff between any two (a GET form, so
// it works without JavaScript and can be linked); Restore on older ones for the author.

const revisionLabel = (r: RevisionView, n: number) => `#${n} · ${formatDate(r.createdAt)}`;

/**
 * Inserted and deleted words are marked by the elements themselves (underlined, struck
 * through) and by words a screen reader says, never by colour alone.
 */
function Diff(props: { parts: readonly DiffPart[] }) {
  return (
    <div class="diff">
      {props.parts.map((p) =>
        p.kind === "ins" ? (
          <ins>
            <span class="visually-hidden">[added: </span>
            {p.text}
            <span class="visually-hidden">]</span>
          </ins>
        ) : p.kind === "del" ? (
          <del>
            <span class="visually-hidden">[removed: </span>
            {p.text}
            <span class="visually-hidden">]</span>
          </del>
        ) : (
          p.text
        ),
      )}
    </div>
  );
}

function CompareForm(props: { history: HistoryPage; numbers: Map<number, number> }) {
  const { revisions, compare } = props.history;
  const select = (name: "from" | "to", label: string, selected: number | undefined) => (
    <p class="field">
      <label for={`compare-${name}`}>{label}</label>
      <select id={`compare-${name}`} name={name}>
        {revisions.map((r) => (
          <option value={String(r.id)} selected={r.id === selected}>
            {revisionLabel(r, props.numbers.get(r.id) ?? 0)}
          </option>
        ))}
      </select>
    </p>
  );
  return (
    <form method="get" action={`/summary/${props.history.summaryId}/history`} class="compare-form">
      {select("from", "Older", compare?.from ?? revisions[1]?.id)}
      {select("to", "Newer", compare?.to ?? revisions[0]?.id)}
      <p>
        <button type="submit" class="button secondary">
          Compare
        </button>
      </p>
    </form>
  );
}

export function HistoryView(props: { page: PageCtx; history: HistoryPage }) {
  const h = props.history;
  const csrf = props.page.user?.csrfToken ?? "";
  // Revisions are numbered from the first (1) to the newest, as people count versions.
  const numbers = new Map(h.revisions.map((r, i) => [r.id, h.revisions.length - i]));
  const newestId = h.revisions[0]?.id;
  return (
    <Layout page={props.page} title={`History of a summary of “${h.paperTitle}”`}>
      <p class="breadcrumb">
        <a href={h.readPath}>Summary</a> of <a href={h.paperPath}>{h.paperTitle}</a>
      </p>
      <h1>History</h1>
      {h.compare ? (
        <section aria-labelledby="diff-title">
          <h2 id="diff-title">
            Changes from #{numbers.get(h.compare.from)} to #{numbers.get(h.compare.to)}
          </h2>
          {h.compare.parts ? (
            <>
              <p class="hint diff-legend">
                <ins>Underlined</ins> words were added, <del>struck-through</del> words removed.
              </p>
              <Diff parts={h.compare.parts} />
            </>
          ) : (
            <p class="form-notice" role="status">
              These two revisions differ too much to compare word by word. Compare revisions closer
              to each other.
            </p>
          )}
        </section>
      ) : null}
      {h.revisions.length > 1 ? <CompareForm history={h} numbers={numbers} /> : null}
      <h2>{h.revisions.length === 1 ? "1 revision" : `${h.revisions.length} revisions`}</h2>
      <table class="revisions">
        <thead>
          <tr>
            <th scope="col">Revision</th>
            <th scope="col">Saved</th>
            <th scope="col">Length</th>
            <th scope="col">Paper version</th>
            {h.isAuthor ? <th scope="col">Restore</th> : null}
          </tr>
        </thead>
        <tbody>
          {h.revisions.map((r) => (
            <tr>
              <td>#{numbers.get(r.id)}</td>
              <td>
                <time datetime={r.createdAt}>{formatDate(r.createdAt)}</time>
              </td>
              <td>{r.length.toLocaleString("en-US")} characters</td>
              <td>{r.paperVersion === null ? "—" : `v${r.paperVersion}`}</td>
              {h.isAuthor ? (
                <td>
                  {r.id === newestId ? (
                    "current"
                  ) : (
                    <form
                      method="post"
                      action={`/summary/${h.summaryId}/history/${r.id}/restore`}
                      class="inline-form"
                    >
                      <CsrfField token={csrf} />
                      <button type="submit" class="link-button">
                        Restore #{numbers.get(r.id)}
                      </button>
                    </form>
                  )}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}
