import { describe, expect, it } from "vitest";
import { addressKey, usernameKey } from "./user-keys";

describe("addressKey", () => {
  it("ignores case and the spaces around an address", () => {
    expect(addressKey("  Ada.Lovelace@Example.ORG \t")).toBe("ada.lovelace@example.org");
  });
  it("keeps what is inside the address", () => {
    expect(addressKey("a+b@x.org")).toBe("a+b@x.org");
  });
});

describe("usernameKey", () => {
  it("ignores case only", () => {
    expect(usernameKey("Ada_Lovelace-2")).toBe("ada_lovelace-2");
  });
});
