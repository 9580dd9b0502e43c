import { describe, expect, it } from "vitest";
import { ERROR_STATUS, formErrorStatus } from "./error-status";

describe("error statuses", () => {
  it.each([
    ["not_found", 404],
    ["forbidden", 403],
    ["invalid", 400],
    ["conflict", 409],
    ["rate_limited", 429],
    ["too_large", 413],
    ["render_timeout", 422],
    ["search_timeout", 422],
    ["unavailable", 503],
  ] as const)("answers %s with %i", (code, status) => {
    expect(ERROR_STATUS[code]).toBe(status);
  });

  it("has a status for every code, and no other", () => {
    expect(Object.keys(ERROR_STATUS)).toHaveLength(9);
  });

  it("lets forms show the errors a person can fix, with the same status as the error page", () => {
    expect(formErrorStatus("invalid")).toBe(400);
    expect(formErrorStatus("conflict")).toBe(409);
    expect(formErrorStatus("forbidden")).toBe(403);
    expect(formErrorStatus("too_large")).toBe(413);
    expect(formErrorStatus("render_timeout")).toBe(422);
  });

  it("sends the rest to the error page", () => {
    expect(formErrorStatus("not_found")).toBeUndefined();
    expect(formErrorStatus("rate_limited")).toBeUndefined();
    expect(formErrorStatus("unavailable")).toBeUndefined();
  });
});
