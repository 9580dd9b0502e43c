import { ConfigError, parseEnv } from "./config-error";
import { type Env, envSchema } from "./env-schema";
import { HTTP_TIMEOUT_MS } from "./limits";

/** What the metadata resolvers (arXiv, Crossref, …) take from the environment. */
export interface MetadataSettings {
  /** METADATA_CONTACT_EMAIL: sent in the User-Agent so the services can reach the operator. */
  contactEmail: string | null;
  /** METADATA_OFFLINE: no request leaves the server; lookups answer "unavailable". */
  offline: boolean;
  semanticScholarKey: string | null;
  /** One HTTP attempt's limit (METADATA_TIMEOUT_MS). */
  timeoutMs: number;
}

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  baseUrl: string;
  logLevel: Env["LOG_LEVEL"];
  renderWorkers: number | undefined;
  /** WORKERS: serving processes (node:cluster); undefined: one per core. */
  workers: number | undefined;
  smtpUrl: string | null;
  mailFrom: string;
  outboxDir: string;
  /**
   * How many reverse proxies of ours stand in front: the client's address is the
   * X-Forwarded-For entry this many hops from the right (0: the socket's address).
   */
  trustProxy: number;
  oidc: { issuer: string; clientId: string; clientSecret: string; name: string } | null;
  /** Metadata services: METADATA_* and SEMANTIC_SCHOLAR_API_KEY. */
  metadata: MetadataSettings;
  /** Bytes of anonymous pages each app process keeps (0: none). */
  pageCacheMaxBytes: number;
  /** Bytes of logged-in paper-page templates each app process keeps (0: none). */
  loggedInPageCacheMaxBytes: number;
}

export { ENV_VARIABLES } from "./env-schema";
export { ConfigError };

/** Reads the environment once; a bad value throws a ConfigError naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const c = parseEnv(envSchema, env);
  return {
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.DATABASE_URL,
    baseUrl: (c.BASE_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, ""),
    logLevel: c.LOG_LEVEL,
    renderWorkers: c.RENDER_WORKERS,
    workers: c.WORKERS,
    smtpUrl: c.SMTP_URL ?? null,
    mailFrom: c.MAIL_FROM,
    outboxDir: c.OUTBOX_DIR,
    trustProxy: c.TRUST_PROXY,
    oidc: oidcConfig(c),
    metadata: {
      contactEmail: c.METADATA_CONTACT_EMAIL ?? null,
      offline: c.METADATA_OFFLINE,
      semanticScholarKey: c.SEMANTIC_SCHOLAR_API_KEY ?? null,
      timeoutMs: c.METADATA_TIMEOUT_MS ?? HTTP_TIMEOUT_MS,
    },
    pageCacheMaxBytes: c.PAGE_CACHE_MAX_BYTES,
    loggedInPageCacheMaxBytes: c.LOGGED_IN_PAGE_CACHE_MAX_BYTES,
  };
}

function oidcConfig(c: Env): Config["oidc"] {
  const set = [c.OIDC_ISSUER, c.OIDC_CLIENT_ID, c.OIDC_CLIENT_SECRET].filter(Boolean).length;
  if (set === 0) return null;
  if (!c.OIDC_ISSUER || !c.OIDC_CLIENT_ID || !c.OIDC_CLIENT_SECRET) {
    throw new ConfigError(
      "Invalid configuration:\n  OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together: set all three or none.",
    );
  }
  return {
    issuer: c.OIDC_ISSUER,
    clientId: c.OIDC_CLIENT_ID,
    clientSecret: c.OIDC_CLIENT_SECRET,
    name: c.OIDC_NAME,
  };
}
