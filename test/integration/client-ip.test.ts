import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/core/config";
import { CLIENT_ADDRESS_MAX_CHARS, FORWARDED_FOR_MAX_CHARS } from "../../src/core/limits";
import { clientKey, forwardedClient } from "../../src/http/client-ip";
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

describe("one client, one key, however its address is written", () => {
  it.each([
    ["1.2.3.4:5678", "1.2.3.4"],
    [" 1.2.3.4 ", "1.2.3.4"],
    ["[2001:db8::1]:443", "2001:db8:0:0::/64"],
    ["[2001:db8::1]", "2001:db8:0:0::/64"],
    ["::ffff:1.2.3.4", "1.2.3.4"],
    ["::FFFF:0102:0304", "1.2.3.4"],
    ["[::ffff:10.0.0.1]:80", "10.0.0.1"],
    ["2001:0DB8:0000:0001:ffff:ffff:ffff:ffff", "2001:db8:0:1::/64"],
    ["fe80::1%eth0", "fe80:0:0:0::/64"],
    // Not addresses: kept as written, for a proxy that writes something else.
    ["unknown", "unknown"],
    ["1.2.3.4:99999999", "1.2.3.4:99999999"],
  ])("%s is %s", (raw, key) => {
    expect(clientKey(raw)).toBe(key);
  });

  it("keys every address of one IPv6 /64 alike, and another /64 apart", () => {
    const inside = ["2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:fffe", "2001:db8:1:2:abcd::9"];
    expect(new Set(inside.map(clientKey))).toEqual(new Set(["2001:db8:1:2::/64"]));
    expect(clientKey("2001:db8:1:3::1")).not.toBe(clientKey("2001:db8:1:2::1"));
  });

  it("reads X-Forwarded-For entries with ports and mapped addresses as their client", () => {
    expect(forwardedClient("198.51.100.1, 192.0.2.3:5678", 1)).toBe("192.0.2.3");
    expect(forwardedClient("[2001:db8:5::7]:443, 10.0.0.1", 2)).toBe("2001:db8:5:0::/64");
    expect(forwardedClient("::ffff:192.0.2.9", 1)).toBe("192.0.2.9");
  });

  it("bounds whatever it is given, quickly", () => {
    const started = performance.now();
    for (const raw of ["[".repeat(100_000), `${"1:".repeat(50_000)}1`, "9".repeat(100_000)])
      expect(clientKey(raw).length).toBeLessThanOrEqual(CLIENT_ADDRESS_MAX_CHARS);
    expect(performance.now() - started).toBeLessThan(500);
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

    it("keys a dual-stack socket's IPv4 peer on its IPv4 address, not ::ffff:…", async () => {
      // Listening on "::" takes IPv4 connections too, reported as ::ffff:127.0.0.1.
      const server = serve({ fetch: t.fetch, port: 0, hostname: "::" });
      await new Promise<void>((resolve) => server.once("listening", () => resolve()));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      try {
        const csrf = "client-ip-test-csrf-token-0123456789abcdefgh";
        const res = await fetch(`${url}/login`, {
          method: "POST",
          headers: {
            "Content-Type": "application/x-www-form-urlencoded",
            Origin: url,
            Cookie: `ss_csrf=${csrf}`,
            "X-CSRF-Token": csrf,
          },
          body: new URLSearchParams({ login: "nobody", password: "a wrong password" }),
        });
        expect(res.status).toBe(400);
        expect(await ipBuckets(t)).toEqual(["127.0.0.1", "unknown"]);
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });
  });
});
