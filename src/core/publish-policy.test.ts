import { describe, expect, it } from "vitest";
import type { CurrentUser } from "./current-user";
import { assertCanPublish, isModerator } from "./publish-policy";

const user = (over: Partial<CurrentUser>): CurrentUser => ({
  id: 1,
  username: "u",
  displayName: "U",
  role: "user",
  emailVerified: true,
  sessionId: 1,
  csrfToken: "t",
  ...over,
});

describe("publish policy", () => {
  it("lets moderators and admins moderate, nobody else", () => {
    expect(isModerator(user({ role: "moderator" }))).toBe(true);
    expect(isModerator(user({ role: "admin" }))).toBe(true);
    expect(isModerator(user({ role: "user" }))).toBe(false);
    expect(isModerator(null)).toBe(false);
  });

  it("lets only logged-in users with a confirmed address publish", () => {
    expect(assertCanPublish(user({})).id).toBe(1);
    expect(() => assertCanPublish(user({ emailVerified: false }))).toThrow(/Confirm/);
    expect(() => assertCanPublish(null)).toThrow(/log in/);
  });
});
