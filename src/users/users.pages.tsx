import { Hono } from "hono";
import { invalid } from "../core/errors";
import type { AppEnv } from "../http/app-env";
import { pageCtx } from "../http/page-context";
import { sendPage } from "../http/send-page";
import { SummaryArticle } from "../summaries/summary-article.view";
import { formatDate, plural } from "../ui/format";
import { Layout } from "../ui/layout";
import { getProfile } from "./users.service";

export function userPages() {
  const app = new Hono<AppEnv>();

  app.get("/user/:username", async (c) => {
    const profile = await getProfile(c.get("deps").db, c.req.param("username"));
    if (profile.username !== c.req.param("username")) {
      return c.redirect(`/user/${encodeURIComponent(profile.username)}`, 301);
    }
    const n = profile.summaries.length;
    return sendPage(
      c,
      <Layout
        page={pageCtx(c)}
        title={profile.displayName}
        canonical={`/user/${encodeURIComponent(profile.username)}`}
      >
        <header class="profile">
          <h1>{profile.displayName}</h1>
          <p class="profile-meta">
            @{profile.username} · reputation {profile.reputation} · member since{" "}
            {formatDate(profile.memberSince)}
            {profile.orcid ? (
              <span>
                {" "}
                · ORCID{" "}
                <a href={`https://orcid.org/${profile.orcid}`} rel="me noopener">
                  {profile.orcid}
                </a>
              </span>
            ) : null}
          </p>
          {profile.bioHtml ? (
            <div class="prose bio" dangerouslySetInnerHTML={{ __html: profile.bioHtml }} />
          ) : null}
        </header>
        <h2>{n === 0 ? "No public summaries yet" : plural(n, "summary", "summaries")}</h2>
        {profile.summaries.map((s) => (
          <SummaryArticle summary={s} showPaper headingLevel={3} />
        ))}
      </Layout>,
    );
  });

  // The original site's profile URL: /user?name=U
  app.get("/user", (c) => {
    const name = c.req.query("name");
    if (!name) throw invalid("Which user? The address needs a name.");
    return c.redirect(`/user/${encodeURIComponent(name)}`, 301);
  });

  return app;
}
