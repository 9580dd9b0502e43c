import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config";
import { forwardedClient } from "../../src/http/client-ip";
import { CLIENT_ADDRESS_MAX_CHARS, FORWARDED_FOR_MAX_CHARS } from "../../src/limits";
import { createClient } from "../helpers/client";
import { createTestApp, type TestApp } from "../helpers/test-app";

describe("TRUST_PROXY", () => {
  it.each([
    ["0", 0],
    ["1", 1],
    ["2", 2],
    ["true", 1],
    ["false", 0],
  ])("reads %s as %i proxies", (value, proxies) => {
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toBe(proxies);
  });

  it("defaults to no proxy, and names the variable for a bad value", () => {
    expect(loadConfig({}).trustProxy).toBe(0);
    expect(() => loadConfig({ TRUST_PROXY: "yes" })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUST_PROXY: "-1" })).toThrow(/TRUST_PROXY/);
  });
});

describe("the client's address in X-Forwarded-For", () => {
  it("is the entry N hops from the right", () => {
    const header = "203.0.113.1, 198.51.100.2, 192.0.2.3";
    expect(forwardedClient(header, 1)).toBe("192.0.2.3");
    expect(forwardedClient(header, 2)).toBe("198.51.100.2");
    expect(forwardedClient(header, 3)).toBe("203.0.113.1");
  });

  it("is the leftmost entry when fewer proxies wrote the header than are configured", () => {
    expect(forwardedClient("192.0.2.3", 2)).toBe("192.0.2.3");
    expect(forwardedClient("198.51.100.2,192.0.2.3", 5)).toBe("198.51.100.2");
  });

  it("is no address for an empty header or an empty entry", () => {
    expect(forwardedClient(undefined, 1)).toBeNull();
    expect(forwardedClient("", 1)).toBeNull();
    expect(forwardedClient("192.0.2.3, ", 1)).toBeNull();
  });

  it("reads only the right end of a huge header, quickly", () => {
    const spoofed = Array.from({ length: 200_000 }, (_, i) => `10.0.${i >> 8}.${i & 255}`);
    const header = `${spoofed.join(", ")}, 198.51.100.9, 192.0.2.44`;
    expect(header.length).toBeGreaterThan(100 * FORWARDED_FOR_MAX_CHARS);
    const started = performance.now();
    expect(forwardedClient(header, 1)).toBe("192.0.2.44");
    expect(forwardedClient(header, 2)).toBe("198.51.100.9");
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("never takes a fragment of an entry the cut went through", () => {
    const long = `${"1".repeat(FORWARDED_FOR_MAX_CHARS)}.2.3.4`;
    expect(forwardedClient(`${long}, 192.0.2.1`, 5)).toBe("192.0.2.1");
    const garbage = forwardedClient("x".repeat(3 * FORWARDED_FOR_MAX_CHARS), 1) ?? "";
    expect(garbage.length).toBeLessThanOrEqual(CLIENT_ADDRESS_MAX_CHARS);
  });
});

/** The per-address login counters the app wrote, as `loginPerIp:<address>` buckets. */
async function ipBuckets(t: TestApp): Promise<string[]> {
  const rows = await t.db
    .selectFrom("rate_limits")
    .select("bucket")
    .where("bucket", "like", "loginPerIp:%")
    .execute();
  return rows.map((r) => r.bucket.slice("loginPerIp:".length)).sort();
}

async function failLogin(t: TestApp, forwardedFor?: string) {
  const client = createClient(t);
  await client.get("/login");
  const headers: Record<string, string> = forwardedFor ? { "X-Forwarded-For": forwardedFor } : {};
  return client.post("/login", { login: "nobody", password: "a wrong password" }, headers);
}

describe("rate limits key on the client's address", () => {
  for (const [proxies, header, client] of [
    ["1", (spoof: string) => `${spoof}, 203.0.113.50`, "203.0.113.50"],
    ["2", (spoof: string) => `${spoof}, 203.0.113.60, 10.0.0.1`, "203.0.113.60"],
  ] as const) {
    describe(`with TRUST_PROXY=${proxies}`, () => {
      let t: TestApp;
      beforeAll(async () => {
        t = await createTestApp({ env: { TRUST_PROXY: proxies } });
      });
      afterAll(async () => {
        await t.close();
      });

      it("whatever the client rotates at the left of X-Forwarded-For", async () => {
        for (let i = 0; i < 5; i++) {
          expect((await failLogin(t, header(`198.51.100.${i}`))).status).toBe(400);
        }
        expect(await ipBuckets(t)).toEqual([client]);
      });
    });
  }

  describe("with TRUST_PROXY=0", () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ env: { TRUST_PROXY: "0" } });
    });
    afterAll(async () => {
      await t.close();
    });

    it("ignores X-Forwarded-For entirely", async () => {
      for (let i = 0; i < 3; i++) {
        expect((await failLogin(t, `198.51.100.${i}`)).status).toBe(400);
      }
      // app.fetch has no socket: every request is the same unknown peer.
      expect(await ipBuckets(t)).toEqual(["unknown"]);
    });
  });
});
