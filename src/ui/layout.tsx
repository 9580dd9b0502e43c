import type { Child } from "hono/jsx";
import { NOTIFICATIONS_BADGE_MAX } from "../core/limits";
import type { PageCtx } from "../core/page-context";
import { isModerator } from "../core/publish-policy";
import { personal } from "../core/viewer-parts";
import { withNext } from "./next-link";

export interface LayoutProps {
  page: PageCtx;
  title: string;
  description?: string;
  canonical?: string;
  /** Extra tags for <head> (citation meta tags, feeds). */
  head?: Child;
  children?: Child;
}

/** Logged-in pages only (never cached for anyone else): the count is the reader's own. */
function NotificationsLink(props: { unread: number }) {
  if (props.unread === 0) return <a href="/notifications">Notifications</a>;
  return (
    <a href="/notifications" class="notifications-unread">
      Notifications{" "}
      <span class="badge">
        {props.unread > NOTIFICATIONS_BADGE_MAX ? `${NOTIFICATIONS_BADGE_MAX}+` : props.unread}
      </span>
      <span class="visually-hidden"> unread</span>
    </a>
  );
}

function AccountNav(props: { page: PageCtx }) {
  const user = props.page.user;
  if (!user) {
    return (
      <nav class="account" aria-label="Account">
        <a href={withNext("/login", props.page.returnTo)}>Log in</a>{" "}
        <a href={withNext("/signup", props.page.returnTo)}>Sign up</a>
      </nav>
    );
  }
  return (
    <nav class="account" aria-label="Account">
      <a href={`/user/${encodeURIComponent(user.username)}`}>{user.displayName}</a>{" "}
      <NotificationsLink unread={props.page.unreadNotifications ?? 0} />{" "}
      {isModerator(user) ? (
        <>
          <a href="/moderation">Moderation</a>{" "}
        </>
      ) : null}
      <a href="/settings">Settings</a>{" "}
      <form method="post" action="/logout" class="inline-form">
        <input type="hidden" name="_csrf" value={user.csrfToken} />
        <button type="submit" class="link-button">
          Log out
        </button>
      </form>
    </nav>
  );
}

export function Layout(props: LayoutProps) {
  const title = props.title === "ShortScience" ? props.title : `${props.title} · ShortScience`;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <meta
          name="description"
          content={props.description ?? "Short, accessible summaries of research papers."}
        />
        <meta name="color-scheme" content="light dark" />
        {props.canonical ? <link rel="canonical" href={props.canonical} /> : null}
        <link rel="icon" href={props.page.assets.favicon} type="image/svg+xml" />
        <link rel="stylesheet" href={props.page.assets.katexCss} />
        <link rel="stylesheet" href={props.page.assets.siteCss} />
        {props.head}
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="site-header">
          <div class="wrap header-row">
            <a class="brand" href="/">
              ShortScience
            </a>
            <nav aria-label="Site">
              <ul class="nav-list">
                <li>
                  <a href="/">Summaries</a>
                </li>
                <li>
                  <a href="/venues">Venues</a>
                </li>
                <li>
                  <a href="/about">About</a>
                </li>
              </ul>
            </nav>
            {personal(props.page.parts, { page: props.page }, (v) => (
              <AccountNav page={v.page} />
            ))}
            <search class="lookup">
              <form class="lookup-form" action="/search" method="get">
                <label for="lookup-q" class="visually-hidden">
                  Search papers and summaries, or go to a paper by arXiv id, DOI or URL
                </label>
                <input
                  id="lookup-q"
                  name="q"
                  type="search"
                  placeholder="Title, words, arXiv id, DOI or URL"
                  autocomplete="off"
                />
                <button type="submit">Find</button>
              </form>
            </search>
          </div>
        </header>
        <main id="main" class="wrap">
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <p>
              ShortScience: research papers, summarized by researchers. <a href="/about">About</a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}
