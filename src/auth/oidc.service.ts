import type { Kysely } from "kysely";
import * as oidc from "openid-client";
import type { Config } from "../core/config";
import { DomainError } from "../core/errors";
import { OIDC_STATE_TTL_MS } from "../core/limits";
import { hashToken, isWellFormedToken } from "../core/tokens";
import type { Database } from "../db/schema";
import { emailSchema, normalizeOrcid } from "./account-rules";
import {
  deleteExpiredOidcStates,
  findIdentityOfUser,
  insertOidcState,
  takeOidcState,
} from "./oidc.repo";
import { type OidcOutcome, type OidcProfile, resolveOidcAccount } from "./oidc-accounts.service";

// Sign-in with an OpenID Connect provider (ORCID in production): authorization code flow
// with PKCE, a nonce and a single-use state kept hashed in the database.

export type OidcSettings = NonNullable<Config["oidc"]> & { redirectUri: string };

/** The client settings from the configuration, or null when no provider is configured. */
export function oidcSettings(config: Config): OidcSettings | null {
  if (!config.oidc) return null;
  return { ...config.oidc, redirectUri: `${config.baseUrl}/auth/oidc/callback` };
}

/** Seconds a call to the provider may take before the sign-in fails with "unavailable". */
const PROVIDER_TIMEOUT_S = 10;

const isLoopback = (host: string) => ["127.0.0.1", "localhost", "[::1]"].includes(host);

// Discovery costs a round trip: once per process and client. A failed attempt is forgotten,
// so a provider that was down is asked again next time.
const clients = new Map<string, Promise<oidc.Configuration>>();

function clientFor(s: OidcSettings): Promise<oidc.Configuration> {
  const key = JSON.stringify([s.issuer, s.clientId, s.clientSecret]);
  let found = clients.get(key);
  if (!found) {
    found = discover(s);
    clients.set(key, found);
    found.catch(() => clients.delete(key));
  }
  return found;
}

async function discover(s: OidcSettings): Promise<oidc.Configuration> {
  // Plain http only for a provider on this machine (the tests' provider); never across a network.
  const insecure = isLoopback(new URL(s.issuer).hostname)
    ? { execute: [oidc.allowInsecureRequests] }
    : undefined;
  const found = await oidc.discovery(new URL(s.issuer), s.clientId, s.clientSecret, undefined, {
    timeout: PROVIDER_TIMEOUT_S,
    ...insecure,
  });
  const server = found.serverMetadata();
  // The spec's default is client_secret_basic; ORCID announces only client_secret_post.
  const methods = server.token_endpoint_auth_methods_supported ?? ["client_secret_basic"];
  const auth = methods.includes("client_secret_basic")
    ? oidc.ClientSecretBasic(s.clientSecret)
    : oidc.ClientSecretPost(s.clientSecret);
  const config = new oidc.Configuration(server, s.clientId, s.clientSecret, auth);
  if (insecure) oidc.allowInsecureRequests(config);
  config.timeout = PROVIDER_TIMEOUT_S;
  return config;
}

const unavailable = (s: OidcSettings, cause: unknown) =>
  Object.assign(
    new DomainError("unavailable", `${s.name} cannot be reached right now. Please try again soon.`),
    { cause },
  );

/**
 * Records a single-use state and returns where to send the browser, and the state to bind to
 * it. `returnTo` (where the sign-in ends) is kept in the state, server-side: the caller
 * checks it as a path of this site (http/next-path.ts), and checks it again on the way out.
 */
export async function startOidcLogin(
  db: Kysely<Database>,
  s: OidcSettings,
  input: { linkUserId: number | null; returnTo: string },
  now = Date.now(),
): Promise<{ url: string; state: string }> {
  const client = await clientFor(s).catch((e) => {
    throw unavailable(s, e);
  });
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  await deleteExpiredOidcStates(db, new Date(now).toISOString());
  await insertOidcState(db, {
    stateHash: hashToken(state),
    nonce,
    codeVerifier,
    linkUserId: input.linkUserId,
    returnTo: input.returnTo,
    expiresAt: new Date(now + OIDC_STATE_TTL_MS).toISOString(),
  });
  // Ask only for scopes the provider lists: ORCID answers "openid" alone and refuses others.
  const offered = client.serverMetadata().scopes_supported ?? [];
  const scope = ["openid", ...["profile", "email"].filter((x) => offered.includes(x))].join(" ");
  const url = oidc.buildAuthorizationUrl(client, {
    redirect_uri: s.redirectUri,
    response_type: "code",
    scope,
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
  });
  return { url: url.href, state };
}

export const STATE_REFUSED =
  "This sign-in has expired or was already used. Please start again from the login page.";

/**
 * Consumes the state, exchanges the code (PKCE, nonce, issuer and audience checked by
 * openid-client) and finds or creates the account. `currentUrl` is our callback URL with the
 * provider's query string. Returns the user and where to go next.
 */
export async function finishOidcLogin(
  db: Kysely<Database>,
  s: OidcSettings,
  input: { currentUrl: URL; state: string; currentUserId: number | null },
  now = Date.now(),
): Promise<OidcOutcome & { returnTo: string }> {
  if (!isWellFormedToken(input.state)) throw new DomainError("invalid", STATE_REFUSED);
  const row = await takeOidcState(db, hashToken(input.state));
  if (!row || Date.parse(row.expires_at) <= now) throw new DomainError("invalid", STATE_REFUSED);
  // Linking was started by one logged-in user: finishing it needs that same user.
  if (row.link_user_id !== null && row.link_user_id !== input.currentUserId) {
    throw new DomainError("forbidden", "Please log in again, then link your account again.");
  }
  const client = await clientFor(s).catch((e) => {
    throw unavailable(s, e);
  });
  const profile = await exchange(client, s, input, row);
  const outcome = await resolveOidcAccount(db, profile, row.link_user_id);
  return { ...outcome, returnTo: row.return_to };
}

async function exchange(
  client: oidc.Configuration,
  s: OidcSettings,
  input: { currentUrl: URL; state: string },
  row: { nonce: string; code_verifier: string },
): Promise<OidcProfile> {
  try {
    const tokens = await oidc.authorizationCodeGrant(client, input.currentUrl, {
      pkceCodeVerifier: row.code_verifier,
      expectedNonce: row.nonce,
      expectedState: input.state,
      idTokenExpected: true,
    });
    const id = tokens.claims();
    if (!id) throw new DomainError("invalid", `${s.name} sent no identity. Please start again.`);
    let claims: Record<string, unknown> = { ...id };
    // Providers that follow the spec strictly keep name and e-mail out of the ID token.
    const hasProfile = text(id.name) || text(id.given_name) || text(id.email);
    if (!hasProfile && client.serverMetadata().userinfo_endpoint && tokens.access_token) {
      claims = { ...(await oidc.fetchUserInfo(client, tokens.access_token, id.sub)), ...id };
    }
    // openid-client checked `iss` against the discovered issuer, so the configured one names it.
    return profileFrom(s, id.sub, claims);
  } catch (error) {
    if (error instanceof DomainError) throw error;
    if (error instanceof oidc.AuthorizationResponseError && error.error === "access_denied") {
      throw new DomainError("invalid", `The sign-in was cancelled at ${s.name}.`);
    }
    if (
      error instanceof oidc.AuthorizationResponseError ||
      error instanceof oidc.ResponseBodyError ||
      error instanceof oidc.ClientError
    ) {
      throw Object.assign(
        new DomainError("invalid", `${s.name} did not confirm this sign-in. Please start again.`),
        { cause: error },
      );
    }
    throw unavailable(s, error);
  }
}

const text = (v: unknown): string | null =>
  typeof v === "string" && v.trim() !== "" ? v.trim() : null;

function profileFrom(s: OidcSettings, subject: string, c: Record<string, unknown>): OidcProfile {
  const joined = [text(c.given_name), text(c.family_name)].filter(Boolean).join(" ");
  const email = c.email_verified === true ? text(c.email) : null;
  return {
    issuer: s.issuer,
    subject,
    orcid: normalizeOrcid(subject),
    name: text(c.name) ?? (joined || null),
    email: email && emailSchema.safeParse(email).success ? email : null,
    providerName: s.name,
  };
}

/** Whether the user has linked an account at the configured provider (for Settings). */
export async function hasLinkedOidc(
  db: Kysely<Database>,
  s: OidcSettings,
  userId: number,
): Promise<boolean> {
  return (await findIdentityOfUser(db, s.issuer, userId)) !== null;
}
