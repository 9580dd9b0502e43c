// Every environment variable the program reads, in one zod schema: .env.example documents each
// (test/integration/env-example.test.ts fails when one is missing there), config.ts turns the
// parsed values into the Config the program receives.

import { z } from "zod";
import {
  HTTP_TIMEOUT_MAX_MS,
  HTTP_TIMEOUT_MIN_MS,
  PAGE_CACHE_DEFAULT_MAX_BYTES,
  SHARED_PAPER_CACHE_MAX_BYTES,
} from "./limits";

/** How a flag may be written (any case); anything else is refused, naming the variable. */
const TRUE_WORDS = ["1", "true"];
const FALSE_WORDS = ["0", "false"];

/** true/false for a flag's spelling, undefined for anything else. */
export function parseFlag(value: string): boolean | undefined {
  const word = value.toLowerCase();
  if (TRUE_WORDS.includes(word)) return true;
  if (FALSE_WORDS.includes(word)) return false;
  return undefined;
}

const FLAG_MESSAGE = `must be one of ${[...TRUE_WORDS, ...FALSE_WORDS].join(", ")} (any case)`;

/** The one boolean parser: every on/off variable goes through it. */
const flag = z.string().transform((v, ctx) => {
  const value = parseFlag(v);
  if (value === undefined) {
    ctx.addIssue({ code: "custom", message: FLAG_MESSAGE });
    return z.NEVER;
  }
  return value;
});

/** The one rule for a public address (BASE_URL): an absolute http:// or https:// URL. */
const httpUrl = z
  .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })
  .refine((v) => /^https?:\/\//.test(v), { message: "must start with http:// or https://" });

const databaseUrl = z
  .string()
  .refine((v) => v.startsWith("sqlite:") || /^postgres(ql)?:\/\//.test(v), {
    message: "must be sqlite:PATH or postgres://…",
  });

/**
 * How many reverse proxies stand in front, as a count; "true" and "false" (any spelling of the
 * flag) predate the count: true is one proxy.
 */
const proxyCount = z.string().transform((v, ctx) => {
  if (/^\d{1,2}$/.test(v)) return Number(v);
  const value = parseFlag(v);
  if (value === undefined) {
    ctx.addIssue({
      code: "custom",
      message: "must be the number of proxies in front (0, 1, 2, …), or true/false",
    });
    return z.NEVER;
  }
  return value ? 1 : 0;
});

export const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_URL: databaseUrl.default("sqlite:./data/shortscience.db"),
  BASE_URL: httpUrl.optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  RENDER_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  /** Serving processes on one port (`serve --workers N` wins); default: the cores. */
  WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  SMTP_URL: z
    .string()
    .refine((v) => /^smtps?:\/\//.test(v), { message: "must be smtp://… or smtps://…" })
    .optional(),
  MAIL_FROM: z.string().min(3).default("ShortScience <no-reply@localhost>"),
  OUTBOX_DIR: z.string().min(1).default("./data/outbox"),
  TRUST_PROXY: proxyCount.default(0),
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
  LOGGED_IN_PAGE_CACHE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 40)
    .default(SHARED_PAPER_CACHE_MAX_BYTES),
  METADATA_OFFLINE: flag.default(false),
  METADATA_CONTACT_EMAIL: z.email().optional(),
  METADATA_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(HTTP_TIMEOUT_MIN_MS)
    .max(HTTP_TIMEOUT_MAX_MS)
    .optional(),
  SEMANTIC_SCHOLAR_API_KEY: z.string().trim().min(1).optional(),
});

export type Env = z.infer<typeof envSchema>;

/** The name of every variable the program reads. */
export const ENV_VARIABLES = Object.keys(envSchema.shape) as (keyof Env)[];
