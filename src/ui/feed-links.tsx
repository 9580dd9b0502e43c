// Feed discovery: <link rel="alternate"> tags in a page's head, so that feed readers and
// browsers find the page's RSS and Atom feeds (src/feeds/ serves them under /feeds/FORMAT/…).

/**
 * The RSS and Atom links of one feed. `path` is the feed's path after the format, such as
 * `/latest` or `/paper/arxiv/1706.03762` (already URL-encoded).
 */
export function FeedLinks(props: { path: string; title: string }) {
  return (
    <>
      <link
        rel="alternate"
        type="application/rss+xml"
        title={`${props.title} (RSS)`}
        href={`/feeds/rss${props.path}`}
      />
      <link
        rel="alternate"
        type="application/atom+xml"
        title={`${props.title} (Atom)`}
        href={`/feeds/atom${props.path}`}
      />
    </>
  );
}
