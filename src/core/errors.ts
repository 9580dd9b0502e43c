// Domain errors carry a stable code; src/http/error-status.ts maps codes to HTTP statuses.

export type ErrorCode =
  | "not_found"
  | "forbidden"
  | "invalid"
  | "conflict"
  | "rate_limited"
  | "too_large"
  | "render_timeout"
  | "search_timeout"
  | "unavailable";

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const notFound = (what: string) => new DomainError("not_found", `${what} was not found.`);
export const invalid = (message: string) => new DomainError("invalid", message);

/** A limit was reached: 429 with Retry-After. */
export class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super("rate_limited", "Too many attempts. Please wait a little and try again.");
  }
}

/** Too much is running at once (searches): 503 with a short Retry-After, not an outage. */
export class BusyError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super("unavailable", message);
  }
}
