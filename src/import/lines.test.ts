import { describe, expect, it } from "vitest";
import { type Line, readLines } from "./lines";

async function lines(chunks: (string | Buffer)[], max = 100): Promise<Line[]> {
  async function* input() {
    for (const c of chunks) yield typeof c === "string" ? Buffer.from(c) : c;
  }
  const out: Line[] = [];
  for await (const batch of readLines(input(), max)) out.push(...batch);
  return out;
}

describe("readLines", () => {
  it("numbers lines across chunk boundaries, strips CR, keeps a last line without newline", async () => {
    expect(await lines(["ab", "c\nde\r\n", "\nf"])).toEqual([
      { number: 1, text: "abc" },
      { number: 2, text: "de" },
      { number: 3, text: "" },
      { number: 4, text: "f" },
    ]);
  });

  it("decodes a character split between chunks", async () => {
    const bytes = Buffer.from("Müller\n");
    expect(await lines([bytes.subarray(0, 2), bytes.subarray(2)])).toEqual([
      { number: 1, text: "Müller" },
    ]);
  });

  it("drops a line longer than the limit, in one chunk or many, and goes on", async () => {
    const long = "x".repeat(30);
    expect(await lines([`${long}\nok\n`, long, long, "\nlast"], 40)).toEqual([
      { number: 1, text: "x".repeat(30) },
      { number: 2, text: "ok" },
      { number: 3, text: null },
      { number: 4, text: "last" },
    ]);
    expect(await lines([long, long], 40)).toEqual([{ number: 1, text: null }]);
  });
});
