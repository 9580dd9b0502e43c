import { describe, expect, it } from "vitest";
import { DomainError, RateLimitedError } from "../core/errors";
import { withFormErrors } from "./forms";

const show = (error: string, status: number) =>
  new Response(`form: ${error}`, { status, headers: { "Content-Type": "text/html" } });

describe("withFormErrors", () => {
  it("shows the form again for a problem the person can fix", async () => {
    const res = await withFormErrors(async () => {
      throw new DomainError("invalid", "Too short.");
    }, show);
    expect(res.status).toBe(400);
    expect(await res.text()).toBe("form: Too short.");
  });

  it("shows the form again on a rate limit, with Retry-After, so nothing typed is lost", async () => {
    const res = await withFormErrors(async () => {
      throw new RateLimitedError(42);
    }, show);
    expect(res.status).toBe(429);
    expect(res.headers.get("Retry-After")).toBe("42");
    expect(res.headers.get("Content-Type")).toBe("text/html");
    expect(await res.text()).toMatch(/^form: /);
  });

  it("leaves other failures to the error page", async () => {
    await expect(
      withFormErrors(async () => {
        throw new DomainError("not_found", "No such paper.");
      }, show),
    ).rejects.toThrow("No such paper.");
    await expect(
      withFormErrors(async () => {
        throw new Error("database down");
      }, show),
    ).rejects.toThrow("database down");
  });
});
