// The <head> tags that let Zotero, Google Scholar and search engines cite a paper page:
// Highwire `citation_*` meta tags and schema.org JSON-LD. For the Layout's `head` prop.
//
// The JSON-LD block is data (type application/ld+json), which browsers never execute, so the
// site's CSP (script-src 'self') neither blocks it nor needs a hash or nonce for it.

import type { CitablePaper } from "../papers/citations/citable";
import { citationMetaTags, jsonLdText } from "../papers/citations/meta-tags";

export function CitationMeta(props: { paper: CitablePaper }) {
  return (
    <>
      {citationMetaTags(props.paper).map((t) => (
        <meta name={t.name} content={t.content} />
      ))}
      {/* jsonLdText escapes < > & so the text cannot close the element. */}
      <script
        type="application/ld+json"
        dangerouslySetInnerHTML={{ __html: jsonLdText(props.paper) }}
      />
    </>
  );
}
