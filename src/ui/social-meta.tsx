// Open Graph and Twitter card tags: what a link preview (chat apps, social sites) shows of a
// page. Values are plain text; hono/jsx escapes them as attributes.

export interface SocialMeta {
  /** "article" for a summary or a paper, "website" for the rest. */
  type: "article" | "website";
  title: string;
  description: string;
  /** The page's absolute canonical address; absent for pages that must not be shared on. */
  url?: string;
  /** ISO dates of an article's first publication and last change. */
  publishedTime?: string;
  modifiedTime?: string;
}

/** The site's address joined with a path of this site. */
export function absoluteUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, "")}${path}`;
}

export function SocialMetaTags(props: { meta: SocialMeta }) {
  const m = props.meta;
  return (
    <>
      <meta property="og:site_name" content="ShortScience" />
      <meta property="og:type" content={m.type} />
      <meta property="og:title" content={m.title} />
      <meta property="og:description" content={m.description} />
      {m.url ? <meta property="og:url" content={m.url} /> : null}
      {m.publishedTime ? (
        <meta property="article:published_time" content={m.publishedTime} />
      ) : null}
      {m.modifiedTime ? <meta property="article:modified_time" content={m.modifiedTime} /> : null}
      <meta name="twitter:card" content="summary" />
      <meta name="twitter:title" content={m.title} />
      <meta name="twitter:description" content={m.description} />
    </>
  );
}
