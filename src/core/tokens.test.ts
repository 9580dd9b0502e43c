import { describe, expect, it } from "vitest";
import { hashToken, isWellFormedToken, randomToken } from "./tokens";

describe("token hashes", () => {
  it("are the SHA-256 in hex that stored sessions and links were saved under", () => {
    // FIPS 180-2's test vector: a different digest or encoding would log every reader out.
    expect(hashToken("abc")).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
    // The token's UTF-8 bytes, as before (tokens are ASCII; other text must not collide).
    expect(hashToken("é")).not.toBe(hashToken("\u00e9".normalize("NFD")));
  });

  it("random tokens are well formed and distinct", () => {
    const a = randomToken(32);
    const b = randomToken(32);
    expect(isWellFormedToken(a)).toBe(true);
    expect(a).not.toBe(b);
    expect(hashToken(a)).not.toBe(hashToken(b));
  });
});
