import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestPasswordReset } from "../../src/auth/accounts.service";
import { hashPassword } from "../../src/auth/passwords";
import { startSession } from "../../src/auth/sessions.service";
import { RATE_LIMITS } from "../../src/core/limits";
import { nowIso } from "../../src/core/time";
import { insertUser } from "../../src/users/users.repo";
import { createClient, type TestClient } from "../helpers/client";
import { startTestSmtp, type TestSmtp } from "../helpers/smtp";
import { createTestApp, type TestApp } from "../helpers/test-app";

// Whether an address has an account must not show in sign-up, reset or e-mail change: not in
// the status, the page, the limits, nor the time an answer takes.

let t: TestApp;
let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await createTestApp({ smtpUrl: smtp.url });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

let serial = 0;
const unique = (prefix: string) => `${prefix}${++serial}${Math.random().toString(36).slice(2, 6)}`;
const PASSWORD = "a fine long password";

/** An account that owns `email` (no password needed to be "registered"). */
async function registered(app = t): Promise<string> {
  const email = `${unique("owner")}@example.org`;
  await insertUser(app.db, {
    username: unique("owner_"),
    displayName: "Owner",
    bio: "",
    bioHtml: "",
    orcid: null,
    email,
    createdAt: nowIso(),
  });
  return email;
}

// A refused sign-up shows its form again with the username each client typed (unique("u_")).
const stripToken = (html: string) =>
  html.replace(/name="_csrf" value="[^"]+"|value="u_[^"]*"/g, "");

function signUp(email: string) {
  return createClient(t).submit("/signup", "/signup", {
    username: unique("u_"),
    email,
    password: PASSWORD,
  });
}

/**
 * A client that has read the sign-up form: only its POST is timed. A sign-up logs its browser
 * in, so the client forgets that session after each answer and stays the anonymous reader of
 * the form.
 */
async function signUpForm(app: TestApp, ip?: string) {
  const client = createClient(app, { ip });
  await client.get("/signup");
  return async (email: string) => {
    const res = await client.post("/signup", { username: unique("u_"), email, password: PASSWORD });
    client.cookies.delete("ss_session");
    return res;
  };
}

/** Set-Cookie headers with the new session's random token blanked. */
const blankSession = (res: Response) =>
  res.headers.getSetCookie().map((c) => c.replace(/^(\w+)=[^;]+/, "$1=TOKEN"));

function reset(email: string) {
  return createClient(t).submit("/reset", "/reset", { email });
}

/** A client (one address) that has read the reset form: asks for resets from that address. */
async function resetForm(ip = unique("198.51.100.")) {
  const client = createClient(t, { ip });
  await client.get("/reset");
  return (email: string) => client.post("/reset", { email });
}

/** A logged-in client of a fresh account with `passwordHash`, holding its form token. */
async function loggedIn(passwordHash: string, app = t, ip?: string): Promise<TestClient> {
  const id = await insertUser(app.db, {
    username: unique("mover_"),
    displayName: "Mover",
    bio: "",
    bioHtml: "",
    orcid: null,
    email: `${unique("mover")}@example.org`,
    passwordHash,
    emailVerifiedAt: nowIso(),
    createdAt: nowIso(),
  });
  const client = createClient(app, { ip });
  client.cookies.set("ss_session", await startSession(app.db, id, "test"));
  await client.get("/settings");
  return client;
}

const changeEmail = (client: TestClient, email: string) =>
  client.post("/settings/email", { email, password: PASSWORD });

const PER_CLIENT = RATE_LIMITS.mailPerAddressPerClient.max;
const OVERALL = RATE_LIMITS.mailPerAddress.max;
/** From one client: the per-client limit's attempts, then one more. */
const fromOneClient = [...Array(PER_CLIENT).fill(200), 429];

describe("same answers and limits whether or not the address is registered", () => {
  it("password reset, from one client", async () => {
    const known = await registered();
    const unknown = `${unique("nobody")}@example.org`;
    const [askKnown, askUnknown] = [await resetForm(), await resetForm()];
    const answers = { known: [] as number[], unknown: [] as number[] };
    for (let i = 0; i <= PER_CLIENT; i++) {
      const a = await askKnown(known);
      const b = await askUnknown(unknown);
      answers.known.push(a.status);
      answers.unknown.push(b.status);
      expect(stripToken(await a.text())).toBe(stripToken(await b.text()));
    }
    expect(answers.known).toEqual(answers.unknown);
    expect(answers.known).toEqual(fromOneClient);
  });

  it("password reset, from more clients than the address's overall cap", async () => {
    const known = await registered();
    const unknown = `${unique("nobody")}@example.org`;
    for (let i = 0; i < OVERALL + 2; i++) {
      // Past the cap the answer stays the success page: only the mail is skipped.
      const a = await reset(known);
      const b = await reset(unknown);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(stripToken(await a.text())).toBe(stripToken(await b.text()));
    }
  });

  it("sign-up, from one client", async () => {
    const known = await registered();
    const unknown = `${unique("newcomer")}@example.org`;
    const [signKnown, signUnknown] = [await signUpForm(t), await signUpForm(t)];
    const answers = { known: [] as number[], unknown: [] as number[] };
    for (let i = 0; i <= PER_CLIENT; i++) {
      const a = await signKnown(known);
      const b = await signUnknown(unknown);
      answers.known.push(a.status);
      answers.unknown.push(b.status);
      expect(stripToken(await a.text()).replaceAll(known, "ADDRESS")).toBe(
        stripToken(await b.text()).replaceAll(unknown, "ADDRESS"),
      );
      expect(blankSession(a)).toEqual(blankSession(b));
      expect(a.headers.get("Location")).toBe(b.headers.get("Location"));
    }
    expect(answers.known).toEqual(answers.unknown);
    expect(answers.known).toEqual([...Array(PER_CLIENT).fill(303), 429]);
  });

  it("sign-up, from more clients than the address's overall cap", async () => {
    const known = await registered();
    const unknown = `${unique("newcomer")}@example.org`;
    for (let i = 0; i < OVERALL + 2; i++) {
      const a = await signUp(known);
      const b = await signUp(unknown);
      expect([a.status, b.status]).toEqual([303, 303]);
      expect(a.headers.get("Location")).toBe(b.headers.get("Location"));
      expect(stripToken(await a.text()).replaceAll(known, "ADDRESS")).toBe(
        stripToken(await b.text()).replaceAll(unknown, "ADDRESS"),
      );
    }
  });

  it("e-mail change, from one client", async () => {
    const hash = await hashPassword(PASSWORD);
    const known = await registered();
    const unknown = `${unique("fresh")}@example.org`;
    const [ipKnown, ipUnknown] = [unique("198.51.100."), unique("198.51.100.")];
    const answers = { known: [] as string[], unknown: [] as string[] };
    for (let i = 0; i <= PER_CLIENT; i++) {
      const a = await changeEmail(await loggedIn(hash, t, ipKnown), known);
      const b = await changeEmail(await loggedIn(hash, t, ipUnknown), unknown);
      answers.known.push(`${a.status} ${a.headers.get("Location")}`);
      answers.unknown.push(`${b.status} ${b.headers.get("Location")}`);
    }
    expect(answers.known).toEqual(answers.unknown);
    expect(answers.known.map((a) => Number(a.split(" ")[0]))).toEqual([
      ...Array(PER_CLIENT).fill(303),
      429,
    ]);
  });
});

describe("what an e-mail change leaves behind", () => {
  it("Settings show the new address waiting, registered or not", async () => {
    const hash = await hashPassword(PASSWORD);
    const known = await registered();
    const unknown = `${unique("fresh")}@example.org`;
    for (const address of [known, unknown]) {
      const client = await loggedIn(hash);
      expect((await changeEmail(client, address)).status).toBe(303);
      const settings = await (await client.get("/settings")).text();
      expect(settings).toContain(`waiting for confirmation: ${address}`);
    }
  });
});

describe("a stranger cannot hold back the owner's mails", () => {
  /** Resolves once `count` mails to `address` have arrived (waiting for mails as they come). */
  async function mailsTo(address: string, count: number) {
    for (;;) {
      const to = smtp.mails.filter((m) => m.to.includes(address));
      if (to.length >= count) return to;
      await smtp.waitFor(smtp.mails.length + 1);
    }
  }

  it("a stranger using up their attempts for the owner's address leaves the owner's own", async () => {
    const victim = await registered();
    const stranger = await resetForm("203.0.113.66");
    for (const expected of fromOneClient) expect((await stranger(victim)).status).toBe(expected);
    await mailsTo(victim, PER_CLIENT);
    const owner = await resetForm("192.0.2.200");
    expect((await owner(victim)).status).toBe(200);
    expect(await mailsTo(victim, PER_CLIENT + 1)).toHaveLength(PER_CLIENT + 1);
  });

  // The answers past the cap are the success page (tested above); here the mails are counted.
  it("past the address's overall cap, mails stop", async () => {
    const victim = await registered();
    const deps = { db: t.db, mailer: t.deps.mailer, baseUrl: "http://localhost" };
    const mailsTo = () => smtp.mails.filter((m) => m.to.includes(victim)).length;
    for (let i = 0; i < OVERALL + 3; i++) {
      const { delivered } = await requestPasswordReset(deps, {
        email: victim,
        ip: `203.0.113.${i}`,
      });
      await delivered;
      expect(mailsTo()).toBe(Math.min(i + 1, OVERALL));
    }
    // The cap is the address's, whatever asks: an e-mail change (which mails before it
    // answers) still answers as usual, and mails nothing.
    const res = await changeEmail(await loggedIn(await hashPassword(PASSWORD)), victim);
    expect([res.status, res.headers.get("Location")]).toEqual([303, "/settings?saved=email"]);
    expect(mailsTo()).toBe(OVERALL);
  });
});

// Timing: medians of 50 requests each, interleaved so that load on the machine hits both
// sides alike. The margin is loose (a loaded two-core machine), but much tighter than the
// one argon2 hash that used to tell the two apart.

const ROUNDS = 50;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return ((s[(s.length - 1) >> 1] ?? 0) + (s[s.length >> 1] ?? 0)) / 2;
};

async function timed(action: () => Promise<Response>, expected: number): Promise<number> {
  const started = performance.now();
  const res = await action();
  await res.arrayBuffer();
  const ms = performance.now() - started;
  expect(res.status).toBe(expected);
  return ms;
}

async function timedHash(i: number): Promise<number> {
  const started = performance.now();
  await hashPassword(`a password to time ${i}`);
  return performance.now() - started;
}

/** Up to this many measurements: a real difference shows in every one, load noise rarely twice. */
const ATTEMPTS = 3;

/**
 * Runs `known` and `unknown` ROUNDS times each, alternating which goes first, and compares
 * their medians; on a miss, measures again (with fresh indexes), up to ATTEMPTS times.
 */
async function compare(
  known: (i: number) => Promise<number>,
  unknown: (i: number) => Promise<number>,
) {
  for (let attempt = 0; ; attempt++) {
    const k: number[] = [];
    const u: number[] = [];
    // One hash timed per round too, so that the margin grows with the machine's load.
    const h: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const i = attempt * ROUNDS + r;
      h.push(await timedHash(i));
      if (i % 2 === 0) {
        k.push(await known(i));
        u.push(await unknown(i));
      } else {
        u.push(await unknown(i));
        k.push(await known(i));
      }
    }
    const [mk, mu, hashMs] = [median(k), median(u), median(h)];
    const close = mk / mu > 0.5 && mk / mu < 2 && Math.abs(mk - mu) < hashMs / 2;
    if (close || attempt + 1 === ATTEMPTS) {
      const report = `registered ${mk.toFixed(1)} ms, unregistered ${mu.toFixed(1)} ms, one hash ${hashMs.toFixed(1)} ms (attempt ${attempt + 1})`;
      expect(mk / mu, report).toBeGreaterThan(0.5);
      expect(mk / mu, report).toBeLessThan(2);
      expect(Math.abs(mk - mu), report).toBeLessThan(hashMs / 2);
      return;
    }
  }
}

describe("timing does not tell registered addresses apart", () => {
  // Sign-up and e-mail change send their one mail either way, in the request: to the outbox
  // here, so that an SMTP round trip's jitter does not drown the difference looked for.
  let quiet: TestApp;
  beforeAll(async () => {
    quiet = await createTestApp();
  });
  afterAll(async () => {
    await quiet.close();
  });

  it("sign-up hashes either way", async () => {
    // Each sign-up from a client of its own that has read the form: only the POST is timed.
    await compare(
      async () => {
        const [form, email] = [await signUpForm(quiet), await registered(quiet)];
        return timed(() => form(email), 303);
      },
      async () => {
        const form = await signUpForm(quiet);
        return timed(() => form(`${unique("timed")}@example.org`), 303);
      },
    );
  }, 240_000);

  it("reset mails after answering", async () => {
    await compare(
      async () => {
        const email = await registered();
        const mails = smtp.mails.length;
        const ms = await timed(() => reset(email), 200);
        // The mail leaves after the answer; let it go before the next request is timed.
        await smtp.waitFor(mails + 1);
        return ms;
      },
      () => timed(() => reset(`${unique("timed-nobody")}@example.org`), 200),
    );
  }, 240_000);

  it("e-mail change checks the password either way", async () => {
    const hash = await hashPassword(PASSWORD);
    await compare(
      async () => {
        const [client, email] = [await loggedIn(hash, quiet), await registered(quiet)];
        return timed(() => changeEmail(client, email), 303);
      },
      async () => {
        const client = await loggedIn(hash, quiet);
        return timed(() => changeEmail(client, `${unique("timed-new")}@example.org`), 303);
      },
    );
  }, 240_000);
});
