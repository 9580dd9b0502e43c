// Hostile dblp.xml input, generated as a stream (never held whole): the reader's memory and
// time stay bounded, the bad record is reported, and the records after it are read.

import v8 from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import {
  IMPORT_RECORD_MAX_CHARS,
  IMPORT_XML_MAX_DEPTH,
  IMPORT_XML_TAG_MAX_CHARS,
  IMPORT_XML_TEXT_MAX_CHARS,
  PAPER_AUTHORS_MAX,
} from "../core/limits";
import { readDblpXml } from "./dblp-xml";
import type { ImportItem } from "./import-item";

const MB = 1 << 20;

// Live heap, not garbage the collector has yet to reach: the test collects before sampling.
v8.setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as () => void;

/** Reads a generated stream; samples the live heap every few chunks to find the peak. */
async function read(parts: () => Iterable<string>) {
  collect();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  let chunks = 0;
  async function* input() {
    for (const part of parts()) {
      if (chunks++ % 32 === 0) {
        collect();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
      yield Buffer.from(part, "latin1");
    }
  }
  const started = performance.now();
  const items: ImportItem[] = [];
  for await (const batch of readDblpXml(input())) for (const item of batch) items.push(item);
  return { items, peakGrowthMb: (peak - before) / MB, ms: performance.now() - started };
}

function* around(hostile: Iterable<string>) {
  yield '<?xml version="1.0" encoding="ISO-8859-1"?>\n<dblp>\n';
  yield '<article key="journals/x/Before"><author>Ann Lee</author><title>Before.</title></article>\n';
  yield* hostile;
  yield '\n<article key="journals/x/After"><author>Bo Chen</author><title>After.</title></article>\n';
  yield "</dblp>\n";
}

function* repeated(
  unit: string,
  times: number,
  perChunk = Math.max(1, Math.floor(MB / unit.length)),
) {
  for (let done = 0; done < times; done += perChunk)
    yield unit.repeat(Math.min(perChunk, times - done));
}

const good = (items: ImportItem[]) => items.flatMap((i) => ("record" in i ? [i.record.title] : []));
const bad = (items: ImportItem[]) => items.flatMap((i) => ("bad" in i ? [i.bad.message] : []));

describe("readDblpXml on hostile input", () => {
  it("reads past a gigabyte of spaces between records", async () => {
    const r = await read(() => around(repeated(" ", 1024 * MB)));
    expect(good(r.items)).toEqual(["Before", "After"]);
    expect(bad(r.items)).toEqual([]);
    // Before the bound, the parser held the spaces in one string and failed at V8's limit.
    expect(r.peakGrowthMb).toBeLessThan(40);
    expect(r.ms).toBeLessThan(60_000);
  });

  it("skips a record whose title is 200 MB of spaces, and reads the next", async () => {
    const r = await read(() =>
      around(
        (function* () {
          yield '<article key="journals/x/Spaces"><title>';
          yield* repeated(" ", 200 * MB);
          yield "</title></article>";
        })(),
      ),
    );
    expect(good(r.items)).toEqual(["Before", "After"]);
    expect(bad(r.items)).toEqual([
      `journals/x/Spaces: text longer than ${IMPORT_XML_TEXT_MAX_CHARS} characters`,
    ]);
    expect(r.peakGrowthMb).toBeLessThan(40);
  });

  it("skips a record of 2 million authors in bounded memory, and reads the next", async () => {
    const r = await read(() =>
      around(
        (function* () {
          yield '<article key="journals/x/Many"><title>Many.</title>';
          yield* repeated("<author>Author Name Number</author>", 2_000_000);
          yield "</article>";
        })(),
      ),
    );
    expect(good(r.items)).toEqual(["Before", "After"]);
    expect(bad(r.items)).toEqual([
      `journals/x/Many: record longer than ${IMPORT_RECORD_MAX_CHARS} characters`,
    ]);
    // Kept, 2 million names took ~150 MB of heap.
    expect(r.peakGrowthMb).toBeLessThan(40);
    expect(r.ms).toBeLessThan(60_000);
  });

  it("keeps the first authors of a large collaboration that fits the record bound", async () => {
    const r = await read(() =>
      around(
        (function* () {
          yield '<article key="journals/x/Collab"><title>Collab.</title>';
          yield* repeated("<author>Author Name</author>", 5_000);
          yield "</article>";
        })(),
      ),
    );
    const collab = r.items.find((i) => "record" in i && i.record.title === "Collab");
    expect(collab && "record" in collab && collab.record.authors).toHaveLength(PAPER_AUTHORS_MAX);
    expect(good(r.items)).toEqual(["Before", "Collab", "After"]);
  });

  it("skips a record with a 100 MB attribute or a million nested tags, and reads on", async () => {
    const r = await read(() =>
      around(
        (function* () {
          yield '<article key="journals/x/LongKey';
          yield* repeated("k", 100 * MB);
          yield '"><title>Long key.</title></article>\n';
          yield '<article key="journals/x/Deep"><title>';
          yield* repeated("<i>", 1_000_000);
          yield "deep";
          yield* repeated("</i>", 1_000_000);
          yield "</title></article>";
        })(),
      ),
    );
    expect(good(r.items)).toEqual(["Before", "After"]);
    const messages = bad(r.items);
    expect(messages[0]).toMatch(
      new RegExp(
        `^journals/x/LongKeyk+…: a tag longer than ${IMPORT_XML_TAG_MAX_CHARS} characters$`,
      ),
    );
    expect(messages).toContain(
      `journals/x/Deep: elements nested deeper than ${IMPORT_XML_MAX_DEPTH}`,
    );
    expect(r.peakGrowthMb).toBeLessThan(40);
    expect(r.ms).toBeLessThan(60_000);
  });
});
