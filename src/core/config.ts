import { z } from "zod";
import { type ResolverConfig, resolverConfigFromEnv } from "../papers/resolvers/resolver-config";
import { ConfigError, parseEnv } from "./config-error";
import { PAGE_CACHE_DEFAULT_MAX_BYTES } from "./limits";

const databaseUrl = z
  .string()
  .refine((v) => v.startsWith("sqlite:") || /^postgres(ql)?:\/\//.test(v), {
    message: "must be sqlite:PATH or postgres://…",
  });

const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_URL: databaseUrl.default("sqlite:./data/shortscience.db"),
  BASE_URL: z
    .string()
    .url()
    .refine((v) => /^https?:\/\//.test(v), { message: "must start with http:// or https://" })
    .optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  RENDER_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  SMTP_URL: z
    .string()
    .refine((v) => /^smtps?:\/\//.test(v), { message: "must be smtp://… or smtps://…" })
    .optional(),
  MAIL_FROM: z.string().min(3).default("ShortScience <no-reply@localhost>"),
  OUTBOX_DIR: z.string().min(1).default("./data/outbox"),
  TRUST_PROXY: z
    .string()
    .regex(
      /^(true|false|\d{1,2})$/,
      "must be the number of proxies in front (0, 1, 2, …), or true/false",
    )
    .default("0"),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_NAME: z.string().min(1).default("ORCID"),
  PAGE_CACHE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 40)
    .default(PAGE_CACHE_DEFAULT_MAX_BYTES),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  baseUrl: string;
  logLevel: z.infer<typeof schema>["LOG_LEVEL"];
  renderWorkers: number | undefined;
  smtpUrl: string | null;
  mailFrom: string;
  outboxDir: string;
  /**
   * How many reverse proxies of ours stand in front: the client's address is the
   * X-Forwarded-For entry this many hops from the right (0: the socket's address).
   */
  trustProxy: number;
  oidc: { issuer: string; clientId: string; clientSecret: string; name: string } | null;
  /** Metadata services (arXiv, Crossref, …): METADATA_* variables, see README. */
  metadata: ResolverConfig;
  /** Bytes of anonymous pages each app process keeps (0: none). */
  pageCacheMaxBytes: number;
}

export { ConfigError };

/** Reads the environment once; a bad value throws a ConfigError naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const c = parseEnv(schema, env);
  const baseUrl = (c.BASE_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, "");
  return {
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.DATABASE_URL,
    baseUrl,
    logLevel: c.LOG_LEVEL,
    renderWorkers: c.RENDER_WORKERS,
    smtpUrl: c.SMTP_URL ?? null,
    mailFrom: c.MAIL_FROM,
    outboxDir: c.OUTBOX_DIR,
    // "true" and "false" predate the count: true is one proxy.
    trustProxy:
      c.TRUST_PROXY === "true" ? 1 : c.TRUST_PROXY === "false" ? 0 : Number(c.TRUST_PROXY),
    oidc: oidcConfig(c),
    metadata: resolverConfigFromEnv(env, { baseUrl }),
    pageCacheMaxBytes: c.PAGE_CACHE_MAX_BYTES,
  };
}

function oidcConfig(c: z.infer<typeof schema>): Config["oidc"] {
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
