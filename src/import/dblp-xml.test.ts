import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DBLP_ENTITIES } from "./dblp-entities";
import { readDblpXml } from "./dblp-xml";
import type { ImportItem } from "./import-item";

async function items(xml: Buffer | string, chunkBytes = 1 << 16): Promise<ImportItem[]> {
  const bytes = typeof xml === "string" ? Buffer.from(xml, "latin1") : xml;
  async function* input() {
    for (let i = 0; i < bytes.length; i += chunkBytes) yield bytes.subarray(i, i + chunkBytes);
  }
  const out: ImportItem[] = [];
  for await (const batch of readDblpXml(input())) out.push(...batch);
  return out;
}

const titles = (list: ImportItem[]) =>
  list.map((i) => ("record" in i ? i.record.title : i.bad.message));

describe("readDblpXml", () => {
  const fixture = readFileSync("test/fixtures/import/dblp.xml");

  it("gives the same records whatever the chunk size (entities and tags split across chunks)", async () => {
    const whole = await items(fixture);
    expect(whole).toHaveLength(7);
    expect(await items(fixture, 7)).toEqual(whole);
    expect(await items(fixture, 1)).toEqual(whole);
  });

  it("knows Latin-1 and Latin Extended-A entities", () => {
    expect(Object.keys(DBLP_ENTITIES)).toHaveLength(96 + 127);
    expect(DBLP_ENTITIES.uuml).toBe("ü");
    expect(DBLP_ENTITIES.scaron).toBe("š");
    expect(DBLP_ENTITIES.Lstrok).toBe("Ł");
    expect(DBLP_ENTITIES.zcaron).toBe("ž");
  });

  it("reads ISO-8859-1 bytes as the declaration says", async () => {
    const xml = `<?xml version="1.0" encoding="ISO-8859-1"?><dblp><article key="journals/x/A1"><author>G\xf6del</author><title>T.</title></article></dblp>`;
    const [item] = await items(xml);
    expect(item && "record" in item && item.record.authors).toEqual(["Gödel"]);
  });

  it("reports a broken record with its line and goes on to the next", async () => {
    const xml = [
      "<dblp>",
      '<article key="journals/x/Good1"><title>First.</title></article>',
      '<article key="journals/x/Bad"><title>Broken</titel></article>',
      '<article key="journals/x/Good2"><title>Second.</title></article>',
      '<article key="journals/x/NoTitle"><year>2020</year></article>',
      "</dblp>",
    ].join("\n");
    const list = await items(xml);
    const good = list.filter((i) => "record" in i);
    expect(titles(good)).toEqual(["First", "Second"]);
    const bad = list.filter((i) => "bad" in i).map((i) => ("bad" in i ? i.bad : null));
    expect(bad[0]).toEqual({ line: 3, message: expect.stringMatching(/^journals\/x\/Bad: /) });
    expect(bad).toContainEqual({ line: 5, message: "journals/x/NoTitle: no title" });
  });

  it("never throws on something that is not XML", async () => {
    const list = await items("this is not <xml");
    // Reported as bad input, not silently empty (an empty list would pass `every`).
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((i) => "bad" in i)).toBe(true);
  });
});
