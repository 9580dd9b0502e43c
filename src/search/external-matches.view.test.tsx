// The "Not on ShortScience yet" section: its one sentence about services that gave no answer,
// its controls for readers and visitors, and escaping of what the services send.

import { HtmlValidate } from "html-validate";
import { type DefaultTreeAdapterMap, parse } from "parse5";
import { describe, expect, it } from "vitest";
import { ExternalMatches, unreachableSentence } from "./external-matches.view";
import type { ExternalMatch, ExternalSearchResult } from "./external-search.service";

type Node = DefaultTreeAdapterMap["node"];
type Element = DefaultTreeAdapterMap["element"];

function elements(node: Node, out: Element[] = []): Element[] {
  if ("tagName" in node) out.push(node);
  if ("childNodes" in node) for (const child of node.childNodes) elements(child, out);
  return out;
}
const attr = (e: Element, name: string) => e.attrs.find((a) => a.name === name)?.value;

const SAMPLE_MATCHES: ExternalMatch[] = [
  {
    service: "arxiv",
    title: "Attention Is All You Need",
    authors: ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "Jakob Uszkoreit"],
    year: 2017,
    identifier: "1706.03762",
    url: "https://arxiv.org/abs/1706.03762",
    paperPath: "/paper/arxiv/1706.03762",
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
  {
    service: "dblp",
    title: "Attention Without a Year",
    authors: [],
    year: null,
    identifier: "conf/nips/VaswaniSPUJGKP17",
    url: "https://dblp.org/rec/conf/nips/VaswaniSPUJGKP17",
    paperPath: null,
  },
];

function result(over: Partial<ExternalSearchResult> = {}): ExternalSearchResult {
  return { matches: SAMPLE_MATCHES, unreachable: [], busy: [], offline: false, ...over };
}

async function render(r: ExternalSearchResult, loggedIn: boolean): Promise<string> {
  return (await (<ExternalMatches result={r} csrf="tok-123" loggedIn={loggedIn} />)).toString();
}

function page(section: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Search</title></head><body><main>${section}</main></body></html>`;
}

describe("unreachableSentence", () => {
  it("names 0, 1, 2 or 3 services in one plain sentence, in a fixed order", () => {
    expect(unreachableSentence([])).toBeNull();
    expect(unreachableSentence(["crossref"])).toBe(
      "Crossref could not be reached; showing what we have.",
    );
    expect(unreachableSentence(["dblp", "arxiv"])).toBe(
      "arXiv and DBLP could not be reached; showing what we have.",
    );
    expect(unreachableSentence(["dblp", "crossref", "arxiv"])).toBe(
      "arXiv, Crossref and DBLP could not be reached; showing what we have.",
    );
  });
});

describe("ExternalMatches", () => {
  it("logged in: 'open' for a paper the site has, an add form with the CSRF token otherwise", async () => {
    const html = await render(result(), true);
    const all = elements(parse(page(html)));
    expect(html).toContain("Not on ShortScience yet");
    const open = all.find(
      (e) => e.tagName === "a" && attr(e, "href") === "/paper/arxiv/1706.03762",
    );
    expect(open).toBeDefined();
    const forms = all.filter((e) => e.tagName === "form");
    expect(forms).toHaveLength(2);
    for (const f of forms) {
      expect(attr(f, "method")).toBe("post");
      expect(attr(f, "action")).toBe("/papers");
    }
    const hidden = all
      .filter((e) => e.tagName === "input")
      .map((e) => [attr(e, "name"), attr(e, "value")]);
    expect(hidden).toEqual([
      ["_csrf", "tok-123"],
      ["identifier", "10.18653/v1/n19-1423"],
      ["_csrf", "tok-123"],
      ["identifier", "conf/nips/VaswaniSPUJGKP17"],
    ]);
    expect(html).toContain("Ashish Vaswani, Noam Shazeer, Niki Parmar et al. · 2017");
    expect(html).toContain("Jacob Devlin · NAACL · 2019");
    expect(html).not.toContain("could not be reached");
  });

  it("logged out: a login link that comes back to the add page, and no form", async () => {
    const html = await render(result(), false);
    const all = elements(parse(page(html)));
    expect(all.filter((e) => e.tagName === "form")).toHaveLength(0);
    const logins = all
      .filter((e) => e.tagName === "a" && attr(e, "href")?.startsWith("/login"))
      .map((e) => attr(e, "href"));
    expect(logins).toEqual([
      `/login?next=${encodeURIComponent("/papers/new?id=10.18653%2Fv1%2Fn19-1423")}`,
      `/login?next=${encodeURIComponent("/papers/new?id=conf%2Fnips%2FVaswaniSPUJGKP17")}`,
    ]);
  });

  it("one sentence for the services that gave no answer; the matches still show", async () => {
    for (const unreachable of [
      ["dblp"],
      ["arxiv", "dblp"],
      ["arxiv", "crossref", "dblp"],
    ] as const) {
      const html = await render(result({ unreachable: [...unreachable] }), true);
      expect(html.match(/could not be reached/g)).toHaveLength(1);
      expect(html).toContain("Attention Is All You Need");
    }
  });

  it("no matches: says which services found nothing; offline: says searching is off", async () => {
    const none = await render(result({ matches: [], unreachable: ["crossref"] }), true);
    expect(none).toContain("No matches from arXiv and DBLP.");
    expect(none).toContain("Crossref could not be reached; showing what we have.");
    const offline = await render(result({ matches: [], offline: true }), true);
    expect(offline).toContain("Searching arXiv, Crossref and DBLP is switched off on this server.");
    expect(offline).not.toContain("No matches");
  });

  it("escapes what the services send: no element, attribute or URL scheme gets through", async () => {
    const evil = '<script>alert(1)</script>"><img src=x onerror=alert(2)>&amp;';
    const r = result({
      matches: [
        {
          service: "crossref",
          title: evil,
          authors: [evil],
          year: 2020,
          venue: evil,
          identifier: `10.1/"><script>x</script>`,
          url: "https://doi.org/10.1/%22%3E",
          paperPath: null,
        },
      ],
    });
    for (const loggedIn of [true, false]) {
      const html = await render(r, loggedIn);
      const all = elements(parse(page(html)));
      expect(all.filter((e) => e.tagName === "script" || e.tagName === "img")).toEqual([]);
      expect(all.flatMap((e) => e.attrs.map((a) => a.name))).not.toContain("onerror");
      expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    }
  });

  it("is valid HTML", async () => {
    const validator = new HtmlValidate({ extends: ["html-validate:standard"] });
    for (const loggedIn of [true, false]) {
      const html = await render(result({ unreachable: ["dblp"] }), loggedIn);
      const report = await validator.validateString(page(html));
      const messages = report.results.flatMap((x) =>
        x.messages.map((m) => `${m.ruleId}: ${m.message}`),
      );
      expect(messages).toEqual([]);
    }
  });
});
