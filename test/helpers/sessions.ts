import { startSession } from "../../src/auth/sessions.service";
import { createClient, type TestClient } from "./client";
import { makeAccount } from "./factories";
import type { TestApp } from "./test-app";

/** A confirmed user's client, logged in by a session row (no password check, no rate limit). */
export async function sessionClient(
  t: TestApp,
): Promise<{ client: TestClient; account: Awaited<ReturnType<typeof makeAccount>> }> {
  const account = await makeAccount(t.db);
  const client = createClient(t);
  client.cookies.set("ss_session", await startSession(t.db, account.id, "test"));
  // Reading a page with a form gives the client the session's form token.
  await client.get("/settings");
  if (!client.csrf()) throw new Error("no form token on /settings");
  return { client, account };
}

/** The Cookie header of a client, for requests made outside it (raw HTTP). */
export function cookieHeader(client: TestClient): string {
  return [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
}
