// GET /cite/bibtex/… and /cite/ris/…: a paper's citation as a file, at the same identifiers
// as its page (/cite/bibtex/arxiv/1707.04585 for /paper/arxiv/1707.04585).

import { Hono } from "hono";
import { notFound } from "../core/errors";
import type { AppEnv } from "../http/app-env";
import { citationKey, toBibtex } from "./citation-formats/bibtex";
import type { CitablePaper } from "./citation-formats/citable";
import { toRis } from "./citation-formats/ris";
import { getCitablePaper } from "./citations.service";
import { resolvePaperPath } from "./papers.service";

interface Format {
  contentType: string;
  extension: string;
  render(p: CitablePaper): string;
}

const FORMATS: Record<string, Format> = {
  bibtex: { contentType: "application/x-bibtex", extension: "bib", render: toBibtex },
  ris: { contentType: "application/x-research-info-systems", extension: "ris", render: toRis },
};

/** The cite URL of a paper whose canonical page path is /paper/SCHEME/VALUE. */
export function citePath(format: string, canonicalPaperPath: string): string {
  return `/cite/${format}${canonicalPaperPath.slice("/paper".length)}`;
}

export function citationPages() {
  const app = new Hono<AppEnv>();

  app.get("/cite/:format/:scheme/:value{.+}", async (c) => {
    const format = Object.hasOwn(FORMATS, c.req.param("format"))
      ? FORMATS[c.req.param("format")]
      : undefined;
    if (!format) throw notFound("That citation format");
    const { db, config } = c.get("deps");
    const found = await resolvePaperPath(db, c.req.param("scheme"), c.req.param("value"));
    if (!found) throw notFound("That paper");
    const canonical = citePath(c.req.param("format"), found.canonicalPath);
    if (canonical !== c.req.path) return c.redirect(canonical, 301);
    const paper = await getCitablePaper(db, found.paperId, config.baseUrl);
    // inline: browsers show the text (people copy it); the filename is for "Save as".
    const filename = `${citationKey(paper)}.${format.extension}`;
    return c.body(format.render(paper), 200, {
      "Content-Type": `${format.contentType}; charset=utf-8`,
      "Content-Disposition": `inline; filename="${filename}"`,
    });
  });

  return app;
}
