import { expect } from "vitest";
import { createClient, type TestClient } from "./client";
import { makeAccount } from "./factories";
import type { TestApp } from "./test-app";

/** A new account (confirmed unless told otherwise), logged in through the login form. */
export async function logInNewAccount(
  t: TestApp,
  opts: { verified?: boolean } = {},
): Promise<{ acct: Awaited<ReturnType<typeof makeAccount>>; client: TestClient }> {
  const acct = await makeAccount(t.db, { verified: opts.verified ?? true });
  const client = createClient(t);
  const res = await client.submit("/login", "/login", {
    login: acct.username,
    password: acct.password,
  });
  expect(res.status).toBe(303);
  return { acct, client };
}
