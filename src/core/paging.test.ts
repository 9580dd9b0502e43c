import { describe, expect, it } from "vitest";
import { DomainError } from "./errors";
import { pageWindow } from "./paging";

describe("pageWindow", () => {
  it("cuts 43 rows into pages of 20, 20 and 3", () => {
    expect([1, 2, 3].map((p) => pageWindow(43, 20, p))).toEqual([
      { pageCount: 3, offset: 0, limit: 20 },
      { pageCount: 3, offset: 20, limit: 20 },
      { pageCount: 3, offset: 40, limit: 3 },
    ]);
  });

  it("has one empty page for no rows, and a full last page for an exact multiple", () => {
    expect(pageWindow(0, 20, 1)).toEqual({ pageCount: 1, offset: 0, limit: 0 });
    expect(pageWindow(40, 20, 2)).toEqual({ pageCount: 2, offset: 20, limit: 20 });
  });

  it("refuses a page past the last as not found", () => {
    for (const [total, page] of [
      [0, 2],
      [40, 3],
      [43, 4],
    ] as const) {
      expect(() => pageWindow(total, 20, page)).toThrow(DomainError);
      expect(() => pageWindow(total, 20, page)).toThrow(/That page/);
    }
  });
});
