import { z } from "zod";

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
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  baseUrl: string;
  logLevel: z.infer<typeof schema>["LOG_LEVEL"];
  renderWorkers: number | undefined;
}

export class ConfigError extends Error {}

/** Reads the environment once; a bad value throws a ConfigError naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ""),
  );
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = i.path.join(".");
      return `${name}=${JSON.stringify(env[name] ?? "")}: ${i.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n  ${lines.join("\n  ")}`);
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.DATABASE_URL,
    baseUrl: (c.BASE_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, ""),
    logLevel: c.LOG_LEVEL,
    renderWorkers: c.RENDER_WORKERS,
  };
}
