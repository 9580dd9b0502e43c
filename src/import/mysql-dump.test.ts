import { describe, expect, it } from "vitest";
import { decodeLegacyText, repairMojibake } from "./legacy-text";
import { type DumpEvent, readDump } from "./mysql-dump";

// Hostile and odd dumps: every bad row is skipped and counted, nothing crashes, memory is
// bounded by the limits (a huge string is never held), and rows after a bad one still come.
const LIMITS = { maxFieldBytes: 1000, maxRowBytes: 4000, maxColumns: 20 };

async function parse(text: string | Buffer, chunk = 7): Promise<DumpEvent[]> {
  const bytes = typeof text === "string" ? Buffer.from(text, "utf8") : text;
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
  }
  const out: DumpEvent[] = [];
  for await (const events of readDump(chunks(), LIMITS)) out.push(...events);
  return out;
}
const rows = (events: DumpEvent[]) =>
  events.flatMap((e) =>
    e.kind === "row" ? [e.values.map((v) => (v instanceof Buffer ? v.toString("utf8") : v))] : [],
  );
const bad = (events: DumpEvent[]) => events.filter((e) => e.kind === "bad");

describe("readDump", () => {
  it("reads MySQL escapes, doubled quotes, NULL, numbers, hex and _binary, across chunks", async () => {
    const events = await parse(
      "/*!40101 SET NAMES utf8 */;\n-- comment; with semicolon\n# another\n" +
        "CREATE TABLE `t` (`a` int, `b` text COMMENT 'x,(y)', `c` decimal(10,2), PRIMARY KEY (`a`), KEY `k` (`b`,`c`)) ENGINE=InnoDB;\n" +
        "INSERT INTO `t` VALUES (1,'it\\'s \\\"q\\\" \\\\ \\n\\t\\Z\\% don''t',-2.5),(NULL,_binary 'b',0x4142),(3,'a;b','');\n" +
        "LOCK TABLES `t` WRITE;\nINSERT INTO t (`c`,`a`) VALUES (1e3,+4);\nUNLOCK TABLES;\n",
    );
    expect(bad(events)).toEqual([]);
    expect(rows(events)).toEqual([
      [1, "it's \"q\" \\ \n\t\u001a\\% don't", -2.5],
      [null, "b", "AB"],
      [3, "a;b", ""],
      [1000, 4],
    ]);
    const first = events[0] as Extract<DumpEvent, { kind: "row" }>;
    expect(first.columns).toEqual(["a", "b", "c"]);
    expect((events[3] as Extract<DumpEvent, { kind: "row" }>).columns).toEqual(["c", "a"]);
  });

  it("skips and counts a huge string, a broken row and a truncated statement; the rest still comes", async () => {
    const huge = "x".repeat(50_000);
    const events = await parse(
      `INSERT INTO t (a,b) VALUES (1,'${huge}'),(2,'ok'),(3,oops),(4,'fine');\n` +
        "INSERT INTO t (a,b) VALUES (5,'\\0nul'),(6,'cut off",
      4096,
    );
    expect(rows(events)).toEqual([
      [2, "ok"],
      [4, "fine"],
      [5, "\u0000nul"],
    ]);
    expect(bad(events).map((e) => (e as { message: string }).message)).toEqual([
      "a field longer than 1000 bytes",
      "expected a value",
      "the file ends inside a row",
    ]);
  });

  it("never crashes on garbage", async () => {
    const garbage = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256));
    await expect(parse(garbage, 333)).resolves.toBeDefined();
    await expect(parse("INSERT INTO")).resolves.toHaveLength(1);
    await expect(parse("INSERT INTO `t` VALUES (1,2")).resolves.toHaveLength(1);
  });
});

describe("legacy text", () => {
  it("repairs latin1-misread UTF-8 once, and leaves correct text alone", () => {
    expect(repairMojibake("RÃ©seaux â€œcomplÃ¨teâ€\u009d")).toBe("Réseaux “complète”");
    expect(repairMojibake("Réseaux")).toBe("Réseaux");
    expect(repairMojibake("α-β, ∑")).toBe("α-β, ∑");
    expect(repairMojibake(repairMojibake("cafÃ©"))).toBe("café");
    expect(decodeLegacyText(Buffer.from([0x63, 0x61, 0x66, 0xe9]))).toBe("café"); // latin1 bytes
    expect(decodeLegacyText(Buffer.from("café", "utf8"))).toBe("café");
  });
});
