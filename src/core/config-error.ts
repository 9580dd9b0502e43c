import type { z } from "zod";

/** A bad configuration value; its message names the variable. Start-up stops with it. */
export class ConfigError extends Error {}

/** Parses the set (non-empty) variables of `env` with `schema`; a bad one throws a ConfigError. */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined>,
): z.infer<S> {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ""),
  );
  const parsed = schema.safeParse(present);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => {
    const name = i.path.join(".");
    return `${name}=${JSON.stringify(env[name] ?? "")}: ${i.message}`;
  });
  throw new ConfigError(`Invalid configuration:\n  ${lines.join("\n  ")}`);
}
