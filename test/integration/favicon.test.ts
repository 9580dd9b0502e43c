import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../helpers/test-app";

// Issue 12, point 8: the site has an icon, at the fixed URL browsers ask for and in the page.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe("favicon", () => {
  it("/favicon.ico is a 32×32 icon, cached for a day, with a 304 on its ETag", async () => {
    const res = await t.get("/favicon.ico");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/x-icon");
    expect(res.headers.get("cache-control")).toBe("public, max-age=86400");
    const bytes = Buffer.from(await res.arrayBuffer());
    // ICONDIR: reserved 0, type 1 (icon), one image; its entry says 32×32 at 32 bits.
    expect([bytes.readUInt16LE(0), bytes.readUInt16LE(2), bytes.readUInt16LE(4)]).toEqual([
      0, 1, 1,
    ]);
    expect([bytes[6], bytes[7], bytes.readUInt16LE(12)]).toEqual([32, 32, 32]);
    const size = bytes.readUInt32LE(14);
    const offset = bytes.readUInt32LE(18);
    expect(offset + size).toBe(bytes.length);
    const etag = res.headers.get("etag") ?? "";
    expect(etag).not.toBe("");
    const again = await t.get("/favicon.ico", { "If-None-Match": etag });
    expect(again.status).toBe(304);
  });

  it("every page links the SVG icon, which the site serves", async () => {
    const html = await t.html("/");
    const href = /<link rel="icon" href="([^"]+)" type="image\/svg\+xml"\/?>/.exec(html)?.[1];
    expect(href).toMatch(/^\/assets\/favicon\.svg\?v=/);
    const res = await t.get((href ?? "").replaceAll("&amp;", "&"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/svg+xml");
    expect(await res.text()).toMatch(
      /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 32 32">/,
    );
  });
});
