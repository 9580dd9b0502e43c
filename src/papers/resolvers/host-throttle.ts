// Politeness: at most one request per interval to a host. Each caller reserves the next free
// slot synchronously, so concurrent lookups queue in order instead of bursting together.

export class HostThrottle {
  private readonly nextFree = new Map<string, number>();

  /**
   * Reserves the next slot for `host` and returns how long to wait for it, or null (and
   * reserves nothing) when that wait would exceed `maxWaitMs`.
   */
  reserve(host: string, now: number, intervalMs: number, maxWaitMs: number): number | null {
    const slot = Math.max(now, this.nextFree.get(host) ?? now);
    if (slot - now > maxWaitMs) return null;
    this.nextFree.set(host, slot + intervalMs);
    return slot - now;
  }
}
