import { describe, expect, it } from "vitest";
import { formatDate } from "./format";

const intl = new Intl.DateTimeFormat("en", {
  year: "numeric",
  month: "short",
  day: "numeric",
  timeZone: "UTC",
});

describe("formatDate (kept per UTC day)", () => {
  it("says what Intl says for any time of any day, in any offset notation", () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 2_000; i++) {
      // 1900 to 2100, at any millisecond: the same day twice must not mix up two days.
      const time = Math.floor(-2_208_988_800_000 + next() * 6_311_433_600_000);
      const iso = new Date(time).toISOString();
      expect(formatDate(iso)).toBe(intl.format(new Date(time)));
      const shifted = iso.replace("Z", "+05:30").replace(/T(\d\d)/, "T$1");
      expect(formatDate(shifted)).toBe(intl.format(new Date(shifted)));
    }
    expect(formatDate("2026-11-27T23:59:59.999Z")).toBe("Nov 27, 2026");
    expect(formatDate("2026-11-28T00:00:00.000Z")).toBe("Nov 28, 2026");
    expect(formatDate("2026-11-28T01:00:00+02:00")).toBe("Nov 27, 2026");
  });

  it("says nothing for what is not a date", () => {
    expect(formatDate("not a date")).toBe("");
    expect(formatDate("")).toBe("");
  });
});
