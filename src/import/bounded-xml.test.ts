import { describe, expect, it } from "vitest";
import { BoundedXmlFilter, type XmlBounds } from "./bounded-xml";

const WIDE: XmlBounds = { maxTextChars: 1_000, maxTagChars: 1_000, maxDepth: 10 };

/** What the filter passes on and reports, feeding `xml` in chunks of `size` characters. */
function filter(xml: string | string[], bounds: XmlBounds = WIDE, size = 1 << 16) {
  let out = "";
  const events: string[] = [];
  const f = new BoundedXmlFilter(bounds, {
    write: (text) => {
      out += text;
    },
    overflow: (message) => events.push(`${out.length}: ${message}`),
  });
  for (const part of typeof xml === "string" ? [xml] : xml) {
    for (let i = 0; i < part.length; i += size) f.push(part.slice(i, i + size));
  }
  f.end();
  return { out, events };
}

const WELL_FORMED = [
  '<?xml version="1.0" encoding="ISO-8859-1"?>',
  '<!DOCTYPE dblp SYSTEM "dblp.dtd" [ <!ENTITY x "y>z"> ]>',
  "<dblp>",
  "<article key=\"a>b\" mdate='2020-01-01'><title>A <i>b</i> &amp; c</title>",
  "<!-- a -- comment > with > signs -->",
  "<ee><![CDATA[x]]y>z]]></ee><br/><?pi data?></article>",
  "</dblp>",
].join("\n");

describe("BoundedXmlFilter", () => {
  it("passes well-formed XML through unchanged, whatever the chunk size", () => {
    for (const size of [1, 2, 3, 7, 1 << 16]) {
      expect(filter(WELL_FORMED, WIDE, size)).toEqual({ out: WELL_FORMED, events: [] });
    }
  });

  it("keeps a text run up to its bound, drops the rest, and says so once", () => {
    const bounds = { ...WIDE, maxTextChars: 10 };
    for (const size of [1, 4, 1 << 16]) {
      const { out, events } = filter(`<a>${"x".repeat(25)}</a><b>ok</b>`, bounds, size);
      expect(out).toBe(`<a>${"x".repeat(10)}</a><b>ok</b>`);
      expect(events).toEqual(["13: text longer than 10 characters"]);
    }
  });

  it("cuts a long tag, closing its open quote, and goes on", () => {
    const bounds = { ...WIDE, maxTagChars: 12 };
    const { out, events } = filter(`<a key="${"k".repeat(50)}"><b/></a>`, bounds, 5);
    expect(out).toBe('<a key="kkkk"><b/></a>');
    expect(events).toEqual(["14: a tag longer than 12 characters"]);
  });

  it("drops elements nested past the bound, with their closing tags", () => {
    const bounds = { ...WIDE, maxDepth: 3 };
    const deep = "<a><b><c><d>x</d></c></b></a>";
    const { out, events } = filter(`<r><t>${deep}</t><n>after</n></r>`, bounds, 2);
    expect(out).toBe("<r><t><a>x</a></t><n>after</n></r>");
    expect(events).toEqual(["9: elements nested deeper than 3"]);
  });

  it("never lets the parser hold more open elements than the bound", () => {
    const bounds = { ...WIDE, maxDepth: 3 };
    const n = 100_000;
    const { out, events } = filter(`<r><t>${"<i>".repeat(n)}x${"</i>".repeat(n)}</t></r>`, bounds);
    expect(out).toBe("<r><t><i>x</i></t></r>");
    expect(events).toEqual(["9: elements nested deeper than 3"]);
  });

  it("closes what a closing tag leaves open, as the parser does, so a broken file resyncs", () => {
    const bounds = { ...WIDE, maxDepth: 3 };
    // Every record leaves a tag open; without resync the depth bound would drop all after.
    const records = Array.from({ length: 10 }, (_, i) => `<rec><open>${i}</rec>`).join("");
    const { out, events } = filter(`<root>${records}</root>`, bounds);
    expect(out).toBe(`<root>${records}</root>`);
    expect(events).toEqual([]);
  });

  it("bounds comments, CDATA and processing instructions, and still ends them", () => {
    const bounds = { ...WIDE, maxTextChars: 8 };
    for (const size of [1, 3, 1 << 16]) {
      const { out, events } = filter(
        `<a><!--${"c".repeat(20)}--><![CDATA[${"d".repeat(20)}]]><?p ${"e".repeat(20)}?>z</a>`,
        bounds,
        size,
      );
      expect(out).toBe(
        `<a><!--${"c".repeat(8)}--><![CDATA[${"d".repeat(8)}]]><?p ${"e".repeat(6)}?>z</a>`,
      );
      expect(events.map((e) => e.replace(/^\d+: /, ""))).toEqual([
        "a comment longer than 8 characters",
        "CDATA longer than 8 characters",
        "a pi longer than 8 characters",
      ]);
    }
  });

  it("reads a gigabyte of spaces in bounded memory and time", () => {
    const bounds = { ...WIDE, maxTextChars: 100 };
    const f = new BoundedXmlFilter(bounds, {
      write: (text) => {
        passed += text.length;
      },
      overflow: () => {
        reported++;
      },
    });
    let passed = 0;
    let reported = 0;
    const spaces = " ".repeat(1 << 20);
    const started = performance.now();
    f.push("<a>");
    for (let i = 0; i < 1024; i++) f.push(spaces);
    f.push("</a>");
    expect(passed).toBe(3 + 100 + 4);
    expect(reported).toBe(1);
    // Generous: a loaded machine scans 1 GB with indexOf in well under a second.
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});
