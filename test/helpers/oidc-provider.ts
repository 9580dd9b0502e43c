import { generateKeyPairSync } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type Interaction } from "oidc-provider";

/**
 * A real OpenID Connect provider (oidc-provider) on 127.0.0.1 for tests of "Sign in with
 * ORCID". It has no login form: whoever `loginAs` names is signed in and consents at once,
 * as a person at ORCID would after typing their password.
 */
export interface TestOidcAccount {
  sub: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  email?: string;
  email_verified?: boolean;
}

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The env for createTestApp. */
  env: Record<string, string>;
  addAccount(account: TestOidcAccount): void;
  loginAs(sub: string): void;
  /** Follows an authorization URL through the provider as a fresh browser; returns the callback URL. */
  authorize(authorizationUrl: string): Promise<URL>;
  close(): Promise<void>;
}

/** createTestApp's BASE_URL is http://localhost; the test feeds this URL to the app itself. */
export const REDIRECT_URI = "http://localhost/auth/oidc/callback";

export async function startTestOidcProvider(): Promise<TestOidcProvider> {
  const clientId = "shortscience-test";
  const clientSecret = "a-test-client-secret-of-some-length";
  const accounts = new Map<string, TestOidcAccount>();
  let current = "";

  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  const server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const jwk = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
    format: "jwk",
  });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [REDIRECT_URI],
        response_types: ["code"],
        grant_types: ["authorization_code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    jwks: { keys: [{ ...jwk, kid: "test", alg: "RS256", use: "sig" }] },
    cookies: { keys: ["test-cookie-signing-key"] },
    claims: {
      openid: ["sub"],
      profile: ["name", "given_name", "family_name"],
      email: ["email", "email_verified"],
    },
    pkce: { required: () => true },
    // Explicit lifetimes (seconds) keep the provider from printing a notice for each default.
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      Grant: 600,
      IdToken: 600,
      Interaction: 600,
      Session: 600,
    },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return { accountId: sub, claims: async () => ({ ...account }) };
    },
  });

  // Login and consent in one step: the account named by loginAs, every requested scope granted.
  async function interact(req: IncomingMessage, res: ServerResponse) {
    const details: Interaction = await provider.interactionDetails(req, res);
    const accountId = details.session?.accountId ?? current;
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId, clientId });
    if (!grant) throw new Error("grant vanished");
    grant.addOIDCScope(String(details.params.scope ?? "openid"));
    const grantId = await grant.save();
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  }

  const providerHandler = provider.callback();
  handle = (req, res) => {
    if (!req.url?.startsWith("/interaction/")) return void providerHandler(req, res);
    interact(req, res).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  };

  return {
    issuer,
    clientId,
    clientSecret,
    env: { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret },
    addAccount: (account) => void accounts.set(account.sub, account),
    loginAs(sub) {
      current = sub;
    },
    async authorize(authorizationUrl) {
      // A fresh browser each time: no provider session, so every sign-in logs in anew.
      const jar = new Map<string, string>();
      let url = new URL(authorizationUrl);
      for (let hop = 0; hop < 10; hop++) {
        if (!url.href.startsWith(issuer)) throw new Error(`left the provider for ${url.href}`);
        const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
        const res = await fetch(url, { redirect: "manual", headers: cookie ? { cookie } : {} });
        for (const line of res.headers.getSetCookie()) {
          const pair = line.split(";")[0] ?? "";
          const eq = pair.indexOf("=");
          jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
        }
        const location = res.headers.get("location");
        if (res.status < 300 || res.status >= 400 || !location) {
          throw new Error(`provider answered ${res.status}: ${(await res.text()).slice(0, 500)}`);
        }
        url = new URL(location, url);
        if (url.href.startsWith(REDIRECT_URI)) return url;
      }
      throw new Error("too many redirects at the provider");
    },
    close() {
      // fetch keeps connections alive; without this, close() would wait for them to idle out.
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
