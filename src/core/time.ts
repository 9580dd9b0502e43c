/** UTC ISO-8601 text: how every time is stored. */
export function nowIso(): string {
  return new Date().toISOString();
}

export function daysAgoIso(days: number, from = Date.now()): string {
  return new Date(from - days * 86_400_000).toISOString();
}

export function utcDay(ms = Date.now()): string {
  return new Date(ms).toISOString().slice(0, 10);
}
