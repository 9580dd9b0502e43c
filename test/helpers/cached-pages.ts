import { expect } from "vitest";
import { createClient, type TestClient } from "./client";
import { makeAccount } from "./factories";
import type { TestApp } from "./test-app";

/** Reads of one test app's pages through its page cache and around it. */
export function cachedPages(t: TestApp) {
  /** An anonymous read through the page cache, as a visitor's browser makes it. */
  const cachedPage = async (path: string): Promise<string> => {
    const res = await t.get(path);
    expect(res.status, path).toBe(200);
    return res.text();
  };
  /** The same page rendered by the app now, around the cache. */
  const freshPage = async (path: string): Promise<string> => {
    const res = await t.app.request(path);
    expect(res.status, path).toBe(200);
    return res.text();
  };
  /**
   * Reads `path` into the cache, runs `write`, and returns the cached page after it, which
   * must be what the app renders now: a write that left the version alone fails here.
   */
  const cachedAcross = async (path: string, write: () => Promise<unknown>): Promise<string> => {
    await cachedPage(path);
    await write();
    const after = await cachedPage(path);
    expect(after).toBe(await freshPage(path));
    return after;
  };
  return { cachedPage, freshPage, cachedAcross };
}

/** A confirmed account logged in through the login form. */
export async function loggedInClient(
  t: TestApp,
): Promise<{ client: TestClient; id: number; username: string }> {
  const account = await makeAccount(t.db);
  const client = createClient(t);
  const res = await client.submit("/login", "/login", {
    login: account.username,
    password: account.password,
  });
  expect(res.status).toBe(303);
  return { client, id: account.id, username: account.username };
}

/** The score a summary page shows, as printed ("+1", "0", "-1"). */
export function scoreShown(html: string): string {
  const m = /<span class="score"[^>]*><span class="visually-hidden">Score <\/span>([^<]*)</.exec(
    html,
  );
  if (!m) throw new Error("no score on the page");
  return m[1] ?? "";
}

/** A valid ORCID iD (ISO 7064 mod 11-2 check character) made of random digits. */
export function randomOrcid(): string {
  const digits = Array.from({ length: 15 }, () => Math.floor(Math.random() * 10)).join("");
  let total = 0;
  for (const d of digits) total = (total + Number(d)) * 2;
  const check = (12 - (total % 11)) % 11;
  const all = `${digits}${check === 10 ? "X" : check}`;
  return all.match(/.{4}/g)?.join("-") ?? all;
}
