import { describe, expect, it } from "vitest";
import { type CachedPage, PageStore, pageBytes } from "./page-cache-store";

const page = (bytes: number, version = 1, fill = 1): CachedPage => ({
  body: new Uint8Array(bytes).fill(fill),
  headers: { "content-type": "text/html; charset=utf-8" },
  etag: `"${bytes}-${fill}"`,
  encoded: {},
  viewPaperId: null,
  version,
  tags: null,
  currentUntil: null,
});

describe("PageStore", () => {
  it("counts a page's body, key and headers", () => {
    const small = pageBytes("/a", page(1_000));
    expect(small).toBeGreaterThan(1_000);
    expect(pageBytes("/a", page(2_000)) - small).toBe(1_000);
    // Three more characters of key, at two bytes each (V8 strings, at worst).
    expect(pageBytes("/abcd", page(1_000)) - small).toBe(6);
  });

  it("stays under its byte bound, dropping the least recently used page first", () => {
    const size = pageBytes("/p0", page(10_000));
    const store = new PageStore({ maxBytes: size * 3, maxPageBytes: size * 3 });
    for (const k of ["/p0", "/p1", "/p2"]) expect(store.set(k, page(10_000))).toBe(true);
    expect(store.bytes).toBe(size * 3);
    store.get("/p0"); // now /p1 is the least recently used
    store.set("/p3", page(10_000));
    expect(store.bytes).toBeLessThanOrEqual(size * 3);
    expect(store.get("/p1")).toBeUndefined();
    for (const k of ["/p0", "/p2", "/p3"]) expect(store.get(k)).toBeDefined();
  });

  it("evicts as many small pages as a big one needs, and never holds more than the bound", () => {
    const store = new PageStore({ maxBytes: 100_000, maxPageBytes: 60_000 });
    for (let i = 0; i < 50; i++) store.set(`/s${i}`, page(1_000));
    expect(store.set("/big", page(50_000))).toBe(true);
    expect(store.bytes).toBeLessThanOrEqual(100_000);
    expect(store.get("/big")).toBeDefined();
    expect(store.get("/s0")).toBeUndefined();
    expect(store.get("/s49")).toBeDefined();
  });

  it("refuses a page above the per-page cap, keeping what it holds", () => {
    const store = new PageStore({ maxBytes: 1_000_000, maxPageBytes: 20_000 });
    store.set("/kept", page(1_000));
    expect(store.set("/huge", page(20_000))).toBe(false);
    expect(store.get("/huge")).toBeUndefined();
    expect(store.get("/kept")).toBeDefined();
    expect(store.size).toBe(1);
  });

  it("never replaces a page with one rendered under an older version", () => {
    const store = new PageStore({ maxBytes: 1_000_000, maxPageBytes: 100_000 });
    store.set("/p", page(100, 5, 5));
    expect(store.set("/p", page(100, 4, 4))).toBe(false);
    expect(store.get("/p")?.version).toBe(5);
    expect(store.set("/p", page(100, 6, 6))).toBe(true);
    expect(store.get("/p")?.version).toBe(6);
  });

  it("dropWhere drops the pages it is told are stale, and their bytes", () => {
    const store = new PageStore({ maxBytes: 1_000_000, maxPageBytes: 100_000 });
    store.set("/old", { ...page(1_000, 1), tags: ["paper:1"] });
    store.set("/new", { ...page(1_000, 2), tags: ["paper:2"] });
    store.dropWhere((p) => p.tags?.includes("paper:1") ?? true);
    expect(store.get("/old")).toBeUndefined();
    expect(store.get("/new")).toBeDefined();
    expect(store.bytes).toBe(pageBytes("/new", { ...page(1_000, 2), tags: ["paper:2"] }));
  });
});
