import { hash, randomBytes } from "node:crypto";

/** A random secret for a cookie or link; `bytes` 32 = 256 bits (sessions), 16 = 128 bits (links). */
export function randomToken(bytes: number): string {
  return randomBytes(bytes).toString("base64url");
}

/**
 * What the database keeps of a secret: its SHA-256, so a leaked table grants nothing. One-shot
 * `hash`: every request with a session cookie asks, and a Hash object costs 3× as much.
 */
export function hashToken(token: string): string {
  return hash("sha256", token, "hex");
}

/** Tokens we issue are base64url of 16 or 32 bytes; anything else is refused before any query. */
export function isWellFormedToken(token: unknown): token is string {
  return typeof token === "string" && /^[A-Za-z0-9_-]{22,43}$/.test(token);
}
