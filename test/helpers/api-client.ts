import { createApiToken } from "../../src/auth/api-tokens.service";
import { createResponseChecker, validateDocument } from "./openapi-check";
import type { TestApp } from "./test-app";

// Calls /api/v1 like an outside program: no cookie, an optional bearer token, JSON bodies.
// Every answer is checked against the app's own OpenAPI document before the test sees it.

let address = 0;

export interface ApiCall {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** A client address (anonymous reads are limited per address): a fresh one by default. */
  ip?: string;
}

export async function apiClient(t: TestApp) {
  const doc = await (await t.get("/api/openapi.json")).json();
  await validateDocument(doc);
  const check = createResponseChecker(doc);
  const raw = (method: string, path: string, o: ApiCall = {}) => {
    const headers: Record<string, string> = {
      "X-Forwarded-For": o.ip ?? `198.51.${(address >> 8) & 255}.${address++ & 255}`,
      ...o.headers,
    };
    if (o.token) headers.Authorization = `Bearer ${o.token}`;
    let body: string | undefined;
    if (o.body !== undefined) {
      body = typeof o.body === "string" ? o.body : JSON.stringify(o.body);
      headers["Content-Type"] ??= "application/json";
    }
    return t.fetch(new Request(`http://localhost${path}`, { method, headers, body }));
  };
  /** Sends, checks the answer against the document, and returns status and parsed body. */
  const call = async (method: string, path: string, o: ApiCall = {}) => {
    const res = await raw(method, path, o);
    // biome-ignore lint/suspicious/noExplicitAny: checked against the document's schema.
    const body: any = await check(method, path, res.clone());
    return { status: res.status, body, headers: res.headers };
  };
  return { doc, check, raw, call };
}

export async function tokenFor(t: TestApp, userId: number, scope: "read" | "write" = "write") {
  return (await createApiToken(t.db, userId, { name: `test ${scope}`, scope })).token;
}

/** A summary's text long enough for the 200-character rule. */
export const longText = (tag: string) =>
  `${tag}: the paper studies how $x^2$ grows and what that means for learning. `.repeat(4);
