import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashToken, isWellFormedToken, randomToken } from "./tokens";

describe("token hashes", () => {
  it("are the SHA-256 in hex that stored sessions and links were saved under", () => {
    // FIPS 180-2's test vector: a different digest or encoding would log every reader out.
    expect(hashToken("abc")).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
    // Of the text's UTF-8 bytes, as the Hash object hashed them before.
    for (const text of ["é", "\u00e9".normalize("NFD"), "漢字 🙂", ""]) {
      expect(hashToken(text)).toBe(createHash("sha256").update(text, "utf8").digest("hex"));
    }
  });

  it("random tokens are well formed and distinct", () => {
    const a = randomToken(32);
    const b = randomToken(32);
    expect(isWellFormedToken(a)).toBe(true);
    expect(a).not.toBe(b);
    expect(hashToken(a)).not.toBe(hashToken(b));
  });
});
