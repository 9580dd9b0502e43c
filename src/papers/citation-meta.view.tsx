// The <head> tags that let Zotero, Google Scholar and search engines cite a paper page:
// Highwire `citation_*` meta tags and schema.org JSON-LD. For the Layout's `head` prop.
//
// The JSON-LD block is data (type application/ld+json), which browsers never execute, so the
// site's CSP (script-src 'self') neither blocks it nor needs a hash or nonce for it.

import { html } from "hono/html";
import type { CitablePaper } from "./citation-formats/citable";
import { citationMetaTags, jsonLdText } from "./citation-formats/meta-tags";

export function CitationMeta(props: { paper: CitablePaper }) {
  return (
    <>
      {/* Not <meta> JSX: outside a <head> element hono/jsx keeps one <meta> per name, and a
          paper has one citation_author tag per author. html`` escapes the values. */}
      {citationMetaTags(props.paper).map(
        (t) => html`<meta name="${t.name}" content="${t.content}">`,
      )}
      {/* jsonLdText escapes < > & so the text cannot close the element. */}
      <script
        type="application/ld+json"
        dangerouslySetInnerHTML={{ __html: jsonLdText(props.paper) }}
      />
    </>
  );
}
