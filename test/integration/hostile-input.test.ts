import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, type TestClient } from "../helpers/client";
import { makeAccount, makePaper } from "../helpers/factories";
import { rawRequest, serveFetch } from "../helpers/raw-http";
import { type RecordingLogger, recordingLogger } from "../helpers/recording-logger";
import { auditRendered, visibleText } from "../helpers/rendered-audit";
import { cookieHeader, sessionClient } from "../helpers/sessions";
import { createTestApp, type TestApp } from "../helpers/test-app";

// NUL bytes, bytes that are not UTF-8 and broken multipart bodies: a 400 before any route or
// the database sees them (PostgreSQL refuses NUL in text: these were 500s there), never a
// logged error. Run on SQLite and on PostgreSQL (TEST_DATABASE_URL).

/** Generous: hostile input must not make a request slow. Speed itself is measured in bench/. */
const BOUND_MS = 5_000;

const BAD_ESCAPES = ["%00", "%FF", "%C3", "%ED%A0%80", "%C0%AF"];
const UNREADABLE_ADDRESS = "cannot be in one";
const UNREADABLE_FORM = "could not be read";

let t: TestApp;
let log: RecordingLogger;
beforeAll(async () => {
  log = recordingLogger();
  t = await createTestApp({ logger: log.logger });
});
afterAll(async () => {
  await t.close();
});

async function timed(
  request: Response | Promise<Response>,
): Promise<{ status: number; html: string }> {
  const started = performance.now();
  const res = await request;
  const html = await res.text();
  expect(performance.now() - started).toBeLessThan(BOUND_MS);
  return { status: res.status, html };
}

/** Posts a url-encoded body written by hand, so that it can hold any escape or raw byte. */
function postRaw(
  client: TestClient,
  path: string,
  body: string | Uint8Array<ArrayBuffer>,
  type = "application/x-www-form-urlencoded",
) {
  return t.fetch(
    new Request(`http://localhost${path}`, {
      method: "POST",
      headers: { "Content-Type": type, Origin: "http://localhost", Cookie: cookieHeader(client) },
      body,
    }),
  );
}

/** Accounts, and older sign-ups waiting for their link: a sign-up makes an account. */
const countUsers = async () =>
  (await t.db.selectFrom("users").select("id").execute()).length +
  (await t.db.selectFrom("pending_signups").select("id").execute()).length;

describe("bad bytes in the address", () => {
  it("a NUL or non-UTF-8 escape anywhere in the path or query of any route is a 400", async () => {
    const routes = t.app.routes.filter((r) => r.method !== "ALL");
    expect(routes.length).toBeGreaterThan(30);
    for (const route of routes) {
      for (const bad of BAD_ESCAPES) {
        const path = route.path
          .replace(/:\w+(\{[^}]*\})?/g, `a${bad}b`)
          .replace("*", `x${bad}.css`);
        const inPath = path === route.path ? null : path;
        for (const target of [inPath, `${route.path.replace(/[:*].*$/, "")}?q=${bad}&page=1`]) {
          if (!target) continue;
          const r = await timed(
            t.fetch(new Request(`http://localhost${target}`, { method: route.method })),
          );
          expect(r.status, `${route.method} ${target}`).toBe(400);
          expect(r.html).toContain(UNREADABLE_ADDRESS);
          expect(r.html).not.toContain(bad);
        }
      }
    }
    expect(log.errors).toEqual([]);
  });

  it("well-formed escapes, stray % signs and non-ASCII text pass through to the page", async () => {
    const acct = await makeAccount(t.db);
    const ok = await timed(t.get(`/user/${acct.username}?x=%C3%A9%E2%82%AC&y=100%`));
    expect(ok.status).toBe(200);
    expect(ok.html).toContain(acct.username);
    const missing = await timed(t.get("/user/no%20such%C3%A9"));
    expect(missing.status).toBe(404);
  });

  it("/user/a%00b and friends answer 400 on both databases, with nothing logged", async () => {
    for (const path of [
      "/user/a%00b",
      "/venue/%00",
      "/paper/arxiv/%00",
      "/?section=%00",
      "/summary/1%00",
    ]) {
      expect((await timed(t.get(path))).status, path).toBe(400);
    }
    expect(log.errors).toEqual([]);
  });
});

describe("ids past what a row can have", () => {
  it("answer 4xx (or an empty page past the end), never a 500 (PostgreSQL's ids are 32-bit)", async () => {
    const big = "99999999999";
    for (const path of [
      `/summary/${big}`,
      `/summary/2147483648/history`,
      `/api/v1/papers/${big}`,
      `/api/v1/summaries/${big}`,
      `/api/v1/papers?cursor=${Buffer.from(JSON.stringify([9_999_999_999])).toString("base64url")}`,
    ]) {
      const status = (await timed(t.get(path))).status;
      expect(status, path).toBeLessThan(500);
      // An id is refused; a cursor past the last row is an empty page on SQLite.
      if (!path.includes("cursor=")) expect(status, path).toBeGreaterThanOrEqual(400);
    }
    expect(log.errors).toEqual([]);
  });
});

describe("bad bytes in forms", () => {
  it("a NUL or non-UTF-8 text in any field or field name of a login or sign-up is a 400 and creates nothing", async () => {
    const client = createClient(t);
    await client.get("/signup");
    const token = client.csrf() ?? "";
    const users = await countUsers();
    const bodies: Array<string | Uint8Array<ArrayBuffer>> = [
      ...BAD_ESCAPES.map((bad) => `_csrf=${token}&login=a${bad}b&password=whatever-it-is`),
      `_csrf=${token}&login%00=ab&password=whatever-it-is`,
      Buffer.concat([
        Buffer.from(`_csrf=${token}&login=a`),
        Buffer.from([0xff, 0xfe]),
        Buffer.from("&password=x"),
      ]),
      Buffer.from(`_csrf=${token}&login=a\0b&password=whatever-it-is`),
    ];
    for (const body of bodies) {
      for (const path of ["/login", "/signup", "/reset"]) {
        const r = await timed(postRaw(client, path, body));
        expect(r.status, `${path} ${String(body)}`).toBe(400);
        expect(r.html).toContain(UNREADABLE_FORM);
      }
    }
    const signup = `_csrf=${token}&username=nul%00user&email=nul%40example.org&password=a-long-enough-passphrase`;
    expect((await timed(postRaw(client, "/signup", signup))).status).toBe(400);
    expect(await countUsers()).toBe(users);
    expect(log.errors).toEqual([]);
  });

  it("a logged-in user's summary or profile with a NUL is a 400 and changes nothing", async () => {
    const { client, account } = await sessionClient(t);
    const paper = await makePaper(t.db);
    const token = client.csrf() ?? "";
    const summary = `_csrf=${token}&paperId=${paper.id}&source=A+good+start%00then+a+NUL`;
    const r = await timed(postRaw(client, "/summaries", summary));
    expect(r.status).toBe(400);
    expect(
      await t.db.selectFrom("summaries").select("id").where("user_id", "=", account.id).execute(),
    ).toEqual([]);
    const profile = `_csrf=${token}&displayName=Bad%FFName&bio=`;
    expect((await timed(postRaw(client, "/settings/profile", profile))).status).toBe(400);
    const row = await t.db
      .selectFrom("users")
      .select("display_name")
      .where("id", "=", account.id)
      .executeTakeFirstOrThrow();
    expect(row.display_name).toBe(`Researcher ${account.username}`);
    expect(log.errors).toEqual([]);
  });

  it("the same forms, well-formed and with non-ASCII text, are accepted", async () => {
    const { client, account } = await sessionClient(t);
    const token = client.csrf() ?? "";
    const profile = `_csrf=${token}&displayName=Ren%C3%A9e+%E2%88%91&bio=`;
    const r = await postRaw(client, "/settings/profile", profile);
    expect(r.status).toBe(303);
    const row = await t.db
      .selectFrom("users")
      .select("display_name")
      .where("id", "=", account.id)
      .executeTakeFirstOrThrow();
    expect(row.display_name).toBe("Renée ∑");
  });
});

describe("multipart bodies", () => {
  const boundary = "----hostile0boundary";
  const type = `multipart/form-data; boundary=${boundary}`;
  const part = (name: string, value: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;

  it("a malformed multipart body is a 400, anonymous or logged in, with nothing logged", async () => {
    const anonymous = createClient(t);
    await anonymous.get("/login");
    const { client: member } = await sessionClient(t);
    for (const [client, path] of [
      [anonymous, "/login"],
      [anonymous, "/signup"],
      [member, "/settings/profile"],
      [member, "/summaries"],
    ] as const) {
      const token = client.csrf() ?? "";
      const malformed: Array<[string, string | Uint8Array<ArrayBuffer>]> = [
        [type, `${part("_csrf", token)}--${boundary}`],
        [type, `${part("_csrf", token)}garbage without an end`],
        ["multipart/form-data", part("_csrf", token)],
        [type, "not multipart at all"],
        [
          type,
          Buffer.concat([
            Buffer.from(part("_csrf", token)),
            Buffer.from(
              `--${boundary}\r\nContent-Disposition: form-data; name="x"\r\n\r\n\xff`,
              "latin1",
            ),
            Buffer.from(`\r\n--${boundary}--\r\n`),
          ]),
        ],
      ];
      for (const [contentType, body] of malformed) {
        const r = await timed(postRaw(client, path, body, contentType));
        expect(r.status, `${path}: ${String(body).slice(0, 80)}`).toBe(400);
      }
    }
    expect(log.errors).toEqual([]);
  });

  it("a well-formed multipart login logs in", async () => {
    const acct = await makeAccount(t.db);
    const client = createClient(t);
    await client.get("/login");
    const body = `${part("_csrf", client.csrf() ?? "")}${part("login", acct.username)}${part("password", acct.password)}--${boundary}--\r\n`;
    const res = await postRaw(client, "/login", body, type);
    expect(res.status).toBe(303);
    expect(res.headers.getSetCookie().join(";")).toMatch(/ss_session=[A-Za-z0-9_-]{20,}/);
  });
});

describe("over real HTTP, in parallel", () => {
  it("hostile and good requests on separate connections: every hostile one is a 400, every good one succeeds", async () => {
    const server = await serveFetch(t.fetch);
    try {
      const anonymous = createClient(t);
      await anonymous.get("/signup");
      const headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        Origin: "http://localhost",
        Cookie: cookieHeader(anonymous),
      };
      const token = anonymous.csrf() ?? "";
      const users = await countUsers();
      const tag = Math.random().toString(36).slice(2, 8);
      const good = Array.from({ length: 5 }, (_, i) =>
        rawRequest(server.url, {
          method: "POST",
          path: "/signup",
          headers: { ...headers, "X-Forwarded-For": `198.51.100.${i + 1}` },
          body: `_csrf=${token}&username=good_${tag}_${i}&email=good_${tag}_${i}%40example.org&password=a-long-enough-passphrase`,
        }),
      );
      const hostile = BAD_ESCAPES.flatMap((bad, i) => [
        rawRequest(server.url, { path: `/user/x${bad}y` }),
        rawRequest(server.url, {
          method: "POST",
          path: "/signup",
          headers: { ...headers, "X-Forwarded-For": `198.51.100.${i + 50}` },
          body: `_csrf=${token}&username=bad_${tag}_${i}${bad}&email=bad_${tag}_${i}%40example.org&password=a-long-enough-passphrase`,
        }),
      ]);
      const started = performance.now();
      const [goodResults, hostileResults] = await Promise.all([
        Promise.all(good),
        Promise.all(hostile),
      ]);
      expect(performance.now() - started).toBeLessThan(BOUND_MS * 2);
      // A good sign-up makes its account, logs in and goes to the welcome page.
      expect(goodResults.map((r) => r.status)).toEqual(good.map(() => 303));
      expect(hostileResults.map((r) => r.status)).toEqual(hostile.map(() => 400));
      expect(await countUsers()).toBe(users + good.length);
      expect(log.errors).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe("HTML-heavy summaries through the form", () => {
  it("100 KB of nested tags, unclosed tags or math in 1,000 cells: saved, inert, no tag as text", async () => {
    const { client, account } = await sessionClient(t);
    const token = client.csrf() ?? "";
    // Nests 90 deep (within the renderer's depth limit, so used as HTML), tags left open in
    // every paragraph, and a table of 1,000 cells holding math.
    const nest = `${"<div><span><b>".repeat(30)}x${"</b></span></div>".repeat(30)}\n`;
    const cells = Array.from({ length: 1_000 }, (_, i) => `<tr><td>$x_{${i % 100}}$</td></tr>`);
    const sources = [
      nest.repeat(Math.floor(99_000 / nest.length)),
      "*a* <b>unclosed <i>tags\n\n".repeat(3_800),
      `<table>\n${cells.join("\n")}\n</table>`,
    ];
    for (const source of sources) {
      const paper = await makePaper(t.db);
      expect(Buffer.byteLength(source)).toBeLessThanOrEqual(100_000);
      const body = `_csrf=${token}&paperId=${paper.id}&source=${encodeURIComponent(source)}`;
      const r = await timed(postRaw(client, "/summaries", body));
      expect(r.status, source.slice(0, 40)).toBe(303);
      const row = await t.db
        .selectFrom("summaries")
        .select(["html", "math_count"])
        .where("user_id", "=", account.id)
        .where("paper_id", "=", paper.id)
        .executeTakeFirstOrThrow();
      expect(auditRendered(row.html)).toEqual([]);
      expect(visibleText(row.html)).not.toMatch(/<\/?[a-z]/i);
      // Proportionate: a few times the source, plus KaTeX output of about 1 KB an expression.
      expect(row.html.length).toBeLessThan(4 * source.length + 1_500 * row.math_count);
      const page = await timed(t.get(`/paper/arxiv/${paper.arxiv}`));
      expect(page.status).toBe(200);
    }
    const table = await t.db
      .selectFrom("summaries")
      .select("math_count")
      .where("user_id", "=", account.id)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(table.math_count).toBe(1_000);
    expect(log.errors).toEqual([]);
  });
});
