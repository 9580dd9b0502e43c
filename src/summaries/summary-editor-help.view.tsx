import { ALLOWED_TAGS, AUTHOR_ATTRIBUTES } from "../render/sanitize";

// The editor's short help; /help/writing has the whole of it. The HTML it lists is read from
// the renderer's own allowlist, so the two cannot disagree.

/** A collapsible help panel beside the editor. */
export function EditorHelp() {
  return (
    <details class="editor-help">
      <summary>Writing help: Markdown, math, HTML, citations</summary>
      <dl>
        <dt>Markdown</dt>
        <dd>
          <code>**bold**</code>, <code>*italic*</code>, <code># Heading</code>,{" "}
          <code>- list item</code>, <code>1. numbered</code>, <code>[text](https://…)</code>,{" "}
          <code>`code`</code>, <code>&gt; quote</code>, and tables with <code>|</code> columns. A
          blank line starts a new paragraph.
        </dd>
        <dt>LaTeX</dt>
        <dd>
          Inline math between <code>$…$</code> or <code>\(…\)</code>; displayed math between{" "}
          <code>$$…$$</code> or <code>\[…\]</code>. It is typeset by KaTeX, which knows most of
          LaTeX's math (<code>\frac</code>, <code>\sum</code>, <code>\begin{"{aligned}"}</code>, …).
          A formula with an error shows its source and the message; you are asked before it is
          published.
        </dd>
        <dt>HTML</dt>
        <dd>
          These elements: {ALLOWED_TAGS.map((t) => `<${t}>`).join(" ")}; with the attributes{" "}
          {AUTHOR_ATTRIBUTES.join(", ")}, links (http, https, mailto) and https images. Scripts,
          styles, classes, ids and event handlers are removed.
        </dd>
        <dt>Citations</dt>
        <dd>
          <code>\cite{"{1707.04585}"}</code> (an arXiv id) or{" "}
          <code>\cite{"{10.1145/3292500}"}</code> (a DOI) links to that paper on ShortScience;{" "}
          <code>\cite{"{a, b}"}</code> cites several.
        </dd>
        <dt>Private and anonymous</dt>
        <dd>
          A private summary is read only by you and those you give its secret link. An anonymous
          summary is public but shows no author name; you can still edit it.
        </dd>
      </dl>
      <p>
        <a href="/help/writing">The full writing help</a>, with examples.
      </p>
    </details>
  );
}
