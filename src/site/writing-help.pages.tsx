import { Hono } from "hono";
import type { AppEnv } from "../http/app-env";
import { pageCtx } from "../http/page-context";
import { sendPage } from "../http/send-page";
import { ALLOWED_TAGS, AUTHOR_ATTRIBUTES } from "../render/sanitize";
import { Layout } from "../ui/layout";

// The Markdown + LaTeX help linked from the summary editor and the comment form. A static
// page like /about: the page cache serves it to anonymous readers. Its HTML lists are the
// renderer's allowlist (src/render/sanitize.ts); test/integration/writing-help.test.ts checks
// them against the issue's lists and renders every element named here.

export const WRITING_HELP_PATH = "/help/writing";

/** What the help lists is the renderer's own allowlist, never a copy of it. */
export const HELP_ALLOWED_ELEMENTS = ALLOWED_TAGS;
export const HELP_ALLOWED_ATTRIBUTES = AUTHOR_ATTRIBUTES;

/** Code as the author types it: JSX would read braces as expressions. */
const C = (props: { t: string }) => <code>{props.t}</code>;

function CodeList(props: { items: string[]; tags?: boolean }) {
  return (
    <p class="help-list">
      {props.items.map((item, i) => (
        <>
          {i > 0 ? ", " : ""}
          <C t={props.tags ? `<${item}>` : item} />
        </>
      ))}
    </p>
  );
}

function HelpBody() {
  return (
    <article class="prose writing-help">
      <h1>Writing help: Markdown, math and HTML</h1>
      <p>
        Summaries, comments and profiles are written in Markdown with LaTeX math. They are rendered
        once, on our server, when you save them.
      </p>

      <h2>Math</h2>
      <ul>
        <li>
          Inline: <C t="$x^2$" /> or <C t="\(x^2\)" />.
        </li>
        <li>
          Display: <C t="$$\sum_i x_i$$" /> or <C t="\[\sum_i x_i\]" />, on a line of its own or in
          the middle of a sentence.
        </li>
        <li>
          As in MathJax, a space is allowed inside the dollars: <C t="$ x$" />, and{" "}
          <C t="$\beta(s) > 0 \;\forall\; s $" /> (a closing <C t="$" /> after a space) when the
          opening <C t="$" /> is followed by a non-space and both are in one paragraph.
        </li>
        <li>
          Money stays text: a closing <C t="$" /> is never followed by a digit, so{" "}
          <C t="$5 an hour and $40" /> is not math. Write <C t="\$" /> for a literal dollar sign.
        </li>
        <li>
          Math works inside HTML too, including <C t="$$…$$" /> in table cells.
        </li>
      </ul>
      <p>We repair these slips, which MathJax accepted and KaTeX does not:</p>
      <ul>
        <li>
          <C t="_" /> and <C t="^" /> inside <C t="\text{…}" /> or <C t="\mbox{…}" />, as in{" "}
          <C t="\text{one_hot}" />.
        </li>
        <li>
          <C t="\bf" />, <C t="\rm" /> and <C t="\it" /> used as switches, as in{" "}
          <C t="{\bf x} = A{\rm v}" />.
        </li>
        <li>
          <C t="\R" />, <C t="\N" /> and <C t="\Z" /> for ℝ, ℕ and ℤ.
        </li>
        <li>
          <C t="\lt" /> and <C t="\gt" /> for &lt; and &gt;.
        </li>
      </ul>
      <p>
        An expression that still fails is shown as you wrote it, marked, with KaTeX's message when
        you point at it.
      </p>

      <h2>Citing a paper</h2>
      <p>
        Outside math, <C t="\cite{1707.04585}" /> becomes a link that finds the paper on
        ShortScience (or offers to add it). The key is anything the search box accepts: an arXiv id,
        a DOI, a paper's URL. <C t="\citep{…}" /> and <C t="\citet{…}" /> work the same way, and{" "}
        <C t="\cite{1707.04585, 10.1145/3065386}" /> gives one link per key. Keys contain no spaces;
        a <C t="\cite" /> inside a link stays text.
      </p>

      <h2>HTML</h2>
      <p>You can use the HTML that GitHub's Markdown accepts. These elements are kept:</p>
      <CodeList items={HELP_ALLOWED_ELEMENTS} tags />
      <p>with only these attributes:</p>
      <CodeList items={HELP_ALLOWED_ATTRIBUTES} />
      <p>
        <C t="<center>" /> and <C t='align="center"' /> (also left and right) are kept: we show them
        with our own style, as HTML5 no longer does.
      </p>
      <p>
        Links (<C t="href" />) may be http, https, mailto or within this site. Images (
        <C t="src" />) must be https or within this site; an http image becomes a link to it.
      </p>
      <p>
        Everything else is removed. Script, style, iframe, object, embed, form, input, svg and math
        elements go with their content; other tags go and their text stays. Every event handler (
        <C t="onclick" />, <C t="onerror" />, …) and every <C t="style" />, <C t="class" />,{" "}
        <C t="id" /> and <C t="name" /> attribute is removed.
      </p>
      <p>
        Markdown inside a block of HTML is rendered when a blank line follows the opening tag, as
        CommonMark says:
      </p>
      <pre>
        <code>
          {
            "<details>\n<summary>Proof</summary>\n\nBy induction on $n$: **base case** …\n\n</details>"
          }
        </code>
      </pre>
    </article>
  );
}

export function writingHelpPages() {
  const app = new Hono<AppEnv>();
  app.get(WRITING_HELP_PATH, (c) =>
    sendPage(
      c,
      <Layout
        page={pageCtx(c)}
        title="Writing help"
        canonical={WRITING_HELP_PATH}
        description="Markdown, LaTeX math, citations and the HTML you can use in summaries."
      >
        <HelpBody />
      </Layout>,
    ),
  );
  return app;
}
