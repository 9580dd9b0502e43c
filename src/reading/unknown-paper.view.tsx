// What a reader sees at a paper address we have no paper for (a `\cite{…}` of a paper not on
// the site, an old link): what the identifier is, where the paper is at its source, and, for a
// confirmed user, the button that adds it (POST /papers, the add-paper flow). The page is the
// same for every logged-out reader, so the page cache may keep it.

import type { CurrentUser } from "../core/current-user";
import type { PageCtx } from "../core/page-context";
import { externalUrl, formatPaperId, type PaperId } from "../papers/ids";
import { CsrfField } from "../ui/forms";
import { Layout } from "../ui/layout";
import { withNext } from "../ui/next-link";

function AddIt(props: { user: CurrentUser | null; id: PaperId; here: string }) {
  const { user } = props;
  if (!user) {
    return (
      <p>
        <a href={withNext("/login", props.here)}>Log in</a> or{" "}
        <a href={withNext("/signup", props.here)}>sign up</a> to add it to ShortScience and write
        the first summary.
      </p>
    );
  }
  if (!user.emailVerified) {
    return (
      <p class="form-notice">
        Confirm your e-mail address to add it: open the link we sent you, or have it sent again from{" "}
        <a href="/settings">Settings</a>.
      </p>
    );
  }
  return (
    <form method="post" action="/papers">
      <CsrfField token={user.csrfToken} />
      <input type="hidden" name="identifier" value={formatPaperId(props.id)} />
      <p>We can fetch its title, authors and abstract and give it a page, ready for summaries.</p>
      <button class="button" type="submit">
        Add it
      </button>
    </form>
  );
}

export function UnknownPaperPage(props: { page: PageCtx; id: PaperId; here: string }) {
  const shown = formatPaperId(props.id);
  const source = externalUrl(props.id);
  return (
    <Layout
      page={props.page}
      title="This paper isn't on ShortScience yet"
      description={`${shown} has no page on ShortScience yet.`}
      // One page per identifier in the world: none of them is for search engines.
      head={<meta name="robots" content="noindex" />}
    >
      <section class="form-card unknown-paper">
        <h1>This paper isn't on ShortScience yet</h1>
        <p>
          Nobody has added <strong class="paper-identifier">{shown}</strong> to ShortScience, so it
          has no summaries here yet. A link to it (a citation in a summary, for instance) comes to
          this page until someone adds it.
        </p>
        <p>
          <a href={source} rel="noopener nofollow">
            Read the paper at its source
          </a>{" "}
          <span class="muted">({source})</span>
        </p>
        <AddIt user={props.page.user} id={props.id} here={props.page.returnTo ?? props.here} />
      </section>
    </Layout>
  );
}
