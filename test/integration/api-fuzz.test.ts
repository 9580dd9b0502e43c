import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, tokenFor } from "../helpers/api-client";
import { makeAccount, makePaper, makeSummary } from "../helpers/factories";
import { encode, text } from "../helpers/fuzz-input";
import { type RecordingLogger, recordingLogger } from "../helpers/recording-logger";
import { createTestApp, type TestApp } from "../helpers/test-app";

// Hostile input at every /api/v1 operation: random path parameters, query values, JSON and
// non-JSON bodies, content types and Authorization headers, with a write token and without.
// No answer may be a 5xx, every answer must match the OpenAPI document (errors included),
// and nothing may be logged as an error. SQLite, and PostgreSQL with TEST_DATABASE_URL.

const RUNS = 150;

let t: TestApp;
let log: RecordingLogger;
let api: Awaited<ReturnType<typeof apiClient>>;
let token: string;
let known: string[];
beforeAll(async () => {
  log = recordingLogger();
  t = await createTestApp({ logger: log.logger });
  api = await apiClient(t);
  const acct = await makeAccount(t.db);
  token = await tokenFor(t, acct.id);
  const paper = await makePaper(t.db);
  const s = await makeSummary(t.db, paper.id, acct.id);
  known = [String(paper.id), String(s), acct.username, paper.arxiv, `arxiv:${paper.arxiv}`];
});
afterAll(async () => {
  await t.close();
});

const jsonValue = fc.jsonValue({ maxDepth: 3 });
const bodyOf = fc.oneof(
  fc.constant(undefined),
  text,
  jsonValue.map((v) => JSON.stringify(v)),
  fc
    .record(
      {
        markdown: fc.oneof(text, fc.constant("word ".repeat(60))),
        value: fc.oneof(fc.integer(), text),
        parentId: fc.oneof(fc.integer(), fc.constant(null), text),
        private: fc.oneof(fc.boolean(), text),
        publishWithMathErrors: fc.boolean(),
      },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
);

describe("hostile input at the API", () => {
  it("never answers 5xx, and every answer matches the document", async () => {
    const operations = Object.entries(api.doc.paths).flatMap(([path, item]) =>
      Object.keys(item as object).map((method) => ({ path, method: method.toUpperCase() })),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...operations),
        fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", null),
        fc.oneof(fc.constantFrom(...known), text),
        fc.array(fc.tuple(fc.constantFrom("limit", "cursor", "q", "url", "id", "x"), text), {
          maxLength: 3,
        }),
        bodyOf,
        fc.constantFrom("application/json", "text/plain", "application/json; charset=utf-8", null),
        fc.oneof(
          fc.constant("token"),
          fc.constant(null),
          text.map((s) => `Bearer ${s}`),
        ),
        fc.boolean(),
        async (op, otherMethod, param, query, body, type, auth, hostile) => {
          const method = otherMethod ?? op.method;
          const path = op.path.replace(/\{[^}]+\}/g, () =>
            encode(param, { keepSlash: false, hostile }),
          );
          const qs = query
            .map(([k, v]) => `${k}=${encode(v, { keepSlash: true, hostile })}`)
            .join("&");
          const headers: Record<string, string> = {};
          if (type) headers["Content-Type"] = type;
          if (auth === "token") headers.Authorization = `Bearer ${token}`;
          else if (auth !== null && !/[\r\n\0]/.test(auth)) {
            try {
              new Headers({ Authorization: auth });
              headers.Authorization = auth;
            } catch {
              // Not sendable as a header at all: no client can send it.
            }
          }
          const url = `${path}${qs ? `?${qs}` : ""}`;
          const withBody = method !== "GET" && method !== "OPTIONS" && body !== undefined;
          const res = await api.raw(method, url, { headers, ...(withBody ? { body } : {}) });
          expect(res.status, `${method} ${url}`).toBeLessThan(500);
          if (method === "OPTIONS") return;
          if (!/^\/api\/v1\//.test(new URL(url, "http://localhost").pathname)) return;
          if (res.status === 400 && !(res.headers.get("content-type") ?? "").includes("json")) {
            throw new Error(`${method} ${url}: a 400 that isn't JSON`);
          }
          await api.check(method, url, res);
        },
      ),
      { numRuns: RUNS },
    );
    expect(log.errors).toEqual([]);
  }, 120_000);
});
