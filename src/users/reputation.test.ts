import { describe, expect, it } from "vitest";
import { reputationOf } from "./reputation";

describe("reputationOf", () => {
  it("averages per counted summary and rounds half away from zero to 3 decimals", () => {
    expect(reputationOf({ net: 2, summaries: 3 })).toBe(0.667);
    expect(reputationOf({ net: -2, summaries: 3 })).toBe(-0.667);
    // 1/16 = 0.0625 exactly: a float division would round it down to 0.062.
    expect(reputationOf({ net: 1, summaries: 16 })).toBe(0.063);
    expect(reputationOf({ net: -1, summaries: 16 })).toBe(-0.063);
    expect(reputationOf({ net: 7, summaries: 2 })).toBe(3.5);
    expect(reputationOf({ net: 0, summaries: 4 })).toBe(0);
    expect(Object.is(reputationOf({ net: -1, summaries: 4000 }), 0)).toBe(true);
    expect(reputationOf({ net: 0, summaries: 0 })).toBe(0);
  });
});
