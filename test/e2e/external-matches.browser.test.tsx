// The "Not on ShortScience yet" section in Chromium with the site's stylesheet: axe finds
// nothing in light or dark mode, for a reader and for a visitor.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExternalMatches } from "../../src/search/external-matches.view";
import type { ExternalSearchResult } from "../../src/search/external-search.service";
import { axeViolations, describeViolations } from "../helpers/axe";
import { CHROMIUM_ARGS, findChromium } from "../helpers/chromium";

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
});

const css = readFileSync(join(import.meta.dirname, "../../public/site.css"), "utf8");

const result: ExternalSearchResult = {
  matches: [
    {
      service: "arxiv",
      title: "Attention for Schrödinger Operators: $\\mathcal{O}(n)$ Bounds & <more>",
      authors: ["Zoë Müller", "José Ñúñez", "李 小龍", "A. Fourth"],
      year: 2021,
      identifier: "2101.00001",
      url: "https://arxiv.org/abs/2101.00001",
      paperPath: "/paper/arxiv/2101.00001",
    },
    {
      service: "crossref",
      title: "BERT: Pre-training of Deep Bidirectional Transformers",
      authors: ["Jacob Devlin"],
      year: 2019,
      venue: "NAACL",
      identifier: "10.18653/v1/n19-1423",
      url: "https://doi.org/10.18653/v1/n19-1423",
      paperPath: null,
    },
  ],
  unreachable: ["dblp"],
  busy: [],
  offline: false,
};

describe("ExternalMatches in a real browser", () => {
  for (const loggedIn of [true, false]) {
    for (const scheme of ["light", "dark"] as const) {
      it(`${loggedIn ? "reader" : "visitor"}, ${scheme}: no accessibility violations`, async () => {
        const section = (
          await (<ExternalMatches result={result} csrf="tok" loggedIn={loggedIn} />)
        ).toString();
        const page = await browser.newPage();
        await page.emulateMedia({ colorScheme: scheme });
        await page.route("**/*", (route) => route.abort());
        await page.setContent(
          `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Search · ShortScience</title><style>${css}</style></head><body><main class="container"><h1>Search</h1>${section}</main></body></html>`,
        );
        const violations = await axeViolations(page);
        await page.close();
        expect(violations, describeViolations(violations).join("\n")).toEqual([]);
      });
    }
  }
});
