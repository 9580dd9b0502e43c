/**
 * A least-recently-used map bounded by entry count and by a size the caller measures
 * (e.g. characters of key plus value). Map iteration order is insertion order, so the
 * first key is the least recently used one.
 */
export class Lru<V> {
  private readonly entries = new Map<string, { value: V; size: number }>();
  private totalSize = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxSize: number,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V, size: number): void {
    if (size > this.maxSize) return;
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.totalSize -= old.size;
      this.entries.delete(key);
    }
    this.entries.set(key, { value, size });
    this.totalSize += size;
    while (this.entries.size > this.maxEntries || this.totalSize > this.maxSize) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      const evicted = this.entries.get(oldest.value);
      this.entries.delete(oldest.value);
      this.totalSize -= evicted?.size ?? 0;
    }
  }

  clear(): void {
    this.entries.clear();
    this.totalSize = 0;
  }

  get size(): number {
    return this.entries.size;
  }
}
