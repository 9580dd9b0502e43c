// The citation tags in a page served by the real app (its CSP: script-src 'self'), read by
// Chromium: the JSON-LD block is data, so no CSP violation; a control page with an inline
// executable script proves that a violation would have been seen.

import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pageCtx } from "../../src/http/page-context";
import { sendPage } from "../../src/http/send-page";
import { CitationMeta } from "../../src/papers/citation-meta.view";
import { getCitablePaper } from "../../src/papers/citations.service";
import { resolvePaperPath } from "../../src/papers/papers.service";
import { Layout } from "../../src/ui/layout";
import { CHROMIUM_ARGS, findChromium } from "../helpers/chromium";
import { type LiveServer, startLiveServer } from "../helpers/live-server";

let server: LiveServer;
let browser: Browser;

beforeAll(async () => {
  server = await startLiveServer();
  const { t } = server;
  const found = await resolvePaperPath(t.db, "arxiv", "1707.04585");
  if (!found) throw new Error("demo paper missing");
  const paper = await getCitablePaper(t.db, found.paperId, server.url);
  // Test-only pages, added behind the app's own middleware (CSP included), as the paper
  // page will render CitationMeta: in the Layout's head.
  t.app.get("/test/citation-meta", (c) =>
    sendPage(
      c,
      <Layout page={pageCtx(c)} title={paper.title} head={<CitationMeta paper={paper} />}>
        <h1>{paper.title}</h1>
      </Layout>,
    ),
  );
  t.app.get("/test/inline-script", (c) =>
    c.html("<!DOCTYPE html><title>x</title><script>document.title = 'ran'</script>"),
  );
  browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(path: string) {
  const page = await browser.newPage();
  const messages: string[] = [];
  page.on("console", (m) => {
    messages.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => messages.push(`pageerror: ${e.message}`));
  const res = await page.goto(server.url + path, { waitUntil: "load" });
  return { page, res, messages };
}

describe("citation meta in Chromium", () => {
  it("reads every citation tag and the JSON-LD, with no CSP violation", async () => {
    const { page, res, messages } = await open("/test/citation-meta");
    expect(res?.status()).toBe(200);
    expect(res?.headers()["content-security-policy"]).toContain("script-src 'self'");
    const seen = await page.evaluate(() => ({
      authors: [...document.querySelectorAll('head meta[name="citation_author"]')].map((m) =>
        m.getAttribute("content"),
      ),
      title: document.querySelector('meta[name="citation_title"]')?.getAttribute("content"),
      jsonLd: [...document.querySelectorAll('head script[type="application/ld+json"]')].map(
        (s) => s.textContent ?? "",
      ),
    }));
    await page.close();
    expect(seen.authors).toEqual([
      "Gomez, Aidan N.",
      "Ren, Mengye",
      "Urtasun, Raquel",
      "Grosse, Roger B.",
    ]);
    expect(seen.title).toBe(
      "The Reversible Residual Network: Backpropagation Without Storing Activations",
    );
    expect(seen.jsonLd).toHaveLength(1);
    const paperUrl = `${server.url}/paper/arxiv/1707.04585`;
    expect(JSON.parse(seen.jsonLd[0] ?? "")).toMatchObject({
      "@type": "ScholarlyArticle",
      url: paperUrl,
      identifier: [{ propertyID: "DOI" }, { propertyID: "arXiv", value: "1707.04585" }],
    });
    expect(messages.filter((m) => /Content Security Policy|Refused/i.test(m))).toEqual([]);
    expect(messages.filter((m) => m.startsWith("error") || m.startsWith("pageerror"))).toEqual([]);
  });

  it("control: an inline executable script on the same site is refused and logged", async () => {
    const { page, messages } = await open("/test/inline-script");
    expect(await page.title()).toBe("x");
    await page.close();
    expect(messages.some((m) => /Content Security Policy/i.test(m))).toBe(true);
  });
});
