import { Hono } from "hono";
import { DB_UNAVAILABLE_RETRY_AFTER_S } from "../core/limits";
import type { AppEnv } from "../http/app-env";
import { pageCtx } from "../http/page-context";
import { sendPage } from "../http/send-page";
import { Layout } from "../ui/layout";
import { checkHealth } from "./health.service";

export function sitePages() {
  const app = new Hono<AppEnv>();

  app.get("/healthz", async (c) => {
    const { db, dialect } = c.get("deps");
    const health = await checkHealth(db, dialect);
    c.header("Cache-Control", "no-store");
    if (health.status === "ok") return c.json(health, 200);
    c.header("Retry-After", String(DB_UNAVAILABLE_RETRY_AFTER_S));
    return c.json(health, 503);
  });

  app.get("/about", (c) =>
    sendPage(
      c,
      <Layout page={pageCtx(c)} title="About" canonical="/about">
        <article class="prose about">
          <h1>About ShortScience</h1>
          <p>
            Research papers are hard to get into. On ShortScience, researchers write short,
            accessible summaries of papers, and readers vote the best summary of each paper to the
            top.
          </p>
          <h2>Finding a paper</h2>
          <p>
            Paste an arXiv id, a DOI or a link to the paper into the box at the top of every page.
            Each paper has one page that lists its summaries, best first, with their discussions.
          </p>
          <h2>Writing a summary</h2>
          <p>
            Summaries are written in Markdown with LaTeX math between <code>$…$</code> (inline) or{" "}
            <code>$$…$$</code> (display). Math is typeset once, on our server, when a summary is
            saved, so pages load fast and read well without JavaScript.
          </p>
          <h2>Open source</h2>
          <p>
            ShortScience is open-source software. It succeeds the original ShortScience.org, whose
            archive and addresses it keeps.
          </p>
          <p>
            Public summaries and comments are shared under the{" "}
            <a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a> licence, and the
            site's operator can publish them all as a dump (<code>shortscience export</code>).
          </p>
        </article>
      </Layout>,
    ),
  );

  return app;
}
