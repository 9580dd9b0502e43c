import { describe, expect, it } from "vitest";
import { renderMarkdown } from "./index";

const html = (source: string) => renderMarkdown(source).html;

describe("\\cite", () => {
  it("links a key to the paper lookup", () => {
    expect(html("as shown \\cite{he2016deep}.")).toBe(
      '<p>as shown <a class="cite" href="/lookup?q=he2016deep">he2016deep</a>.</p>\n',
    );
  });

  it("makes one link per key", () => {
    expect(html("\\cite{a, b}")).toBe(
      '<p><a class="cite" href="/lookup?q=a">a</a>, <a class="cite" href="/lookup?q=b">b</a></p>\n',
    );
  });

  it("URL-encodes the key in the link and escapes it in the text", () => {
    expect(html('\\cite{arXiv:1707.04585&x="<y>"}')).toBe(
      '<p><a class="cite" href="/lookup?q=arXiv%3A1707.04585%26x%3D%22%3Cy%3E%22">' +
        "arXiv:1707.04585&amp;x=&quot;&lt;y&gt;&quot;</a></p>\n",
    );
  });

  it("leaves \\cite inside math, code and links to them", () => {
    const math = renderMarkdown("$\\cite{a}$");
    expect(math.html).not.toContain('class="cite"');
    expect(html("`\\cite{a}`")).toBe("<p><code>\\cite{a}</code></p>\n");
    expect(html("[see \\cite{a}](/x)")).toBe('<p><a href="/x">see a</a></p>\n');
  });

  it("leaves malformed citations as text", () => {
    for (const text of ["\\cite{}", "\\cite{a b}", "\\cite{a", "\\cite{a{b}}", "\\\\cite{a}"]) {
      expect(html(text), text).not.toContain('class="cite"');
    }
  });
});
