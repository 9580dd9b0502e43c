import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSession } from "../../src/auth/sessions.service";
import { hashToken } from "../../src/core/tokens";
import { makeAccount } from "../helpers/factories";
import {
  bodyKind,
  encode,
  fieldName,
  formBody,
  poisonedRuns,
  queryKey,
  text,
} from "../helpers/fuzz-input";
import { type RecordingLogger, recordingLogger } from "../helpers/recording-logger";
import { createTestApp, type TestApp } from "../helpers/test-app";

// Every route of the app, driven with random text in its path parameters, query and form
// fields (NUL, lone surrogates, stray and invalid escapes, raw bytes that are not UTF-8,
// broken multipart, huge values), as an anonymous visitor and as a logged-in user with a
// valid form token. No answer may be a 5xx, and nothing may be logged as an error.
// Run on SQLite and PostgreSQL (TEST_DATABASE_URL).

/** Random runs per route, after the poisoned examples. */
const RUNS_PER_ROUTE = 20;
/** Generous: hostile input must not make a request slow. Speed itself is measured in bench/. */
const BOUND_MS = 5_000;

let t: TestApp;
let log: RecordingLogger;
let routes: Array<{ method: string; path: string }>;
let known: string[];

beforeAll(async () => {
  log = recordingLogger();
  t = await createTestApp({ demo: true, logger: log.logger });
  const seen = new Set<string>();
  routes = t.app.routes
    .filter((r) => r.method !== "ALL")
    .filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`));
  // Values the database knows, so that random requests also reach real rows.
  const users = await t.db.selectFrom("users").select("username").execute();
  const ids = await t.db.selectFrom("paper_identifiers").select("value").execute();
  const summaries = await t.db.selectFrom("summaries").select(["id", "share_token"]).execute();
  known = [
    ...users.map((u) => u.username),
    ...ids.map((i) => i.value),
    ...summaries.flatMap((s) => [String(s.id), s.share_token]),
  ];
});
afterAll(async () => {
  await t.close();
});

interface Who {
  cookie: string;
  token: string;
}

let fuzzer: { id: number } | null = null;

/** A fresh session per run: a run that logs out or changes the password cannot spoil the next. */
async function member(): Promise<Who> {
  const alive =
    fuzzer &&
    (await t.db
      .selectFrom("users")
      .select("id")
      .where("id", "=", fuzzer.id)
      .where("deleted_at", "is", null)
      .executeTakeFirst());
  if (!alive) fuzzer = await makeAccount(t.db);
  const session = await startSession(t.db, (fuzzer as { id: number }).id, "fuzz");
  const row = await t.db
    .selectFrom("sessions")
    .select("csrf_token")
    .where("token_hash", "=", hashToken(session))
    .executeTakeFirstOrThrow();
  return { cookie: `ss_session=${session}`, token: row.csrf_token };
}

function anonymous(): Who {
  // Double submit: any well-formed token, in the cookie and in the form.
  const token = "A".repeat(43);
  return { cookie: `ss_csrf=${token}`, token };
}

describe("every route, random input", () => {
  it("has the routes to drive", () => {
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.some((r) => r.method === "POST" && r.path === "/summaries")).toBe(true);
  });

  it("answers below 500 for every route, and logs no error", { timeout: 600_000 }, async () => {
    const param = fc.oneof(text, fc.constantFrom(...known));
    for (const route of routes) {
      const params = route.path.match(/:\w+(\{[^}]*\})?|\*/g) ?? [];
      const examples = poisonedRuns(params.length);
      await fc.assert(
        fc.asyncProperty(
          fc.array(param, { minLength: params.length, maxLength: params.length }),
          fc.array(fc.tuple(queryKey, param), { maxLength: 3 }),
          fc.array(fc.tuple(fieldName, param), { maxLength: 6 }),
          fc.record({ keepSlash: fc.boolean(), hostile: fc.boolean() }),
          bodyKind,
          fc.boolean(),
          async (values, query, fields, o, kind, loggedIn) => {
            let i = 0;
            const path = route.path.replace(/:\w+(\{[^}]*\})?|\*/g, () =>
              encode(values[i++] ?? "", o),
            );
            const q = { ...o, keepSlash: false };
            const search = query.map(([k, v]) => `${encode(k, q)}=${encode(v, q)}`).join("&");
            const who = loggedIn ? await member() : anonymous();
            const post = route.method !== "GET" ? formBody(kind, fields, who.token, o) : null;
            const headers: Record<string, string> = {
              Cookie: who.cookie,
              Origin: "http://localhost",
              "X-Forwarded-For": `203.0.113.${Math.floor(Math.random() * 250) + 1}`,
            };
            if (post) headers["Content-Type"] = post.type;
            const url = `http://localhost${path}${search ? `?${search}` : ""}`;
            const what = `${route.method} ${url.slice(0, 300)}`;
            log.errors.length = 0;
            const started = performance.now();
            const res = await t.fetch(
              new Request(url, { method: route.method, headers, body: post?.data }),
            );
            await res.arrayBuffer();
            expect(performance.now() - started, what).toBeLessThan(BOUND_MS);
            expect(res.status, what).toBeLessThan(500);
            expect(log.errors, what).toEqual([]);
          },
        ),
        // Examples count towards numRuns.
        { numRuns: RUNS_PER_ROUTE + examples.length, examples },
      );
    }
  });
});
