import { describe, expect, it } from "vitest";
import * as limits from "../../core/limits";
import { DEFAULT_ENDPOINTS, resolverConfig, userAgent } from "./resolver-config";
import { testResolverConfig } from "./test-services";

describe("resolverConfig", () => {
  it("maps the configuration's metadata settings and base URL, reading no environment", () => {
    const c = resolverConfig({
      baseUrl: "https://ss.example",
      metadata: {
        contactEmail: "ops@example.org",
        offline: true,
        semanticScholarKey: "key",
        timeoutMs: 1_234,
      },
    });
    expect(c).toMatchObject({
      baseUrl: "https://ss.example",
      contactEmail: "ops@example.org",
      offline: true,
      semanticScholarKey: "key",
      timeoutMs: 1_234,
      endpoints: DEFAULT_ENDPOINTS,
    });
  });
});

describe("resolver options from the environment (core/config.ts)", () => {
  it("has defaults: online, 5 s timeout, no contact, no key, the real services", () => {
    const c = testResolverConfig({});
    expect(c).toMatchObject({
      contactEmail: null,
      baseUrl: "http://localhost:3000",
      offline: false,
      semanticScholarKey: null,
      timeoutMs: limits.HTTP_TIMEOUT_MS,
      cacheTtlDays: { found: 30, notFound: 1 },
      endpoints: DEFAULT_ENDPOINTS,
    });
    expect(c.minIntervalMs.arxiv).toBe(3_000);
    expect(c.appVersion).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("reads the variables", () => {
    const c = testResolverConfig({
      METADATA_CONTACT_EMAIL: "ops@example.org",
      METADATA_OFFLINE: "TRUE",
      SEMANTIC_SCHOLAR_API_KEY: "secret",
      METADATA_TIMEOUT_MS: "2500",
      BASE_URL: "https://shortscience.example/",
    });
    expect(c).toMatchObject({
      contactEmail: "ops@example.org",
      offline: true,
      semanticScholarKey: "secret",
      timeoutMs: 2_500,
      baseUrl: "https://shortscience.example",
    });
    expect(userAgent(c)).toBe(
      `ShortScience/${c.appVersion} (+https://shortscience.example; mailto:ops@example.org)`,
    );
  });

  it.each([
    ["1", true],
    ["0", false],
    ["false", false],
    ["", false],
  ])("METADATA_OFFLINE=%j is %s", (value, offline) => {
    expect(testResolverConfig({ METADATA_OFFLINE: value }).offline).toBe(offline);
  });

  it.each([
    ["METADATA_TIMEOUT_MS", "soon"],
    ["METADATA_TIMEOUT_MS", "0"],
    ["METADATA_TIMEOUT_MS", "1.5"],
    ["METADATA_TIMEOUT_MS", "999999"],
    ["METADATA_OFFLINE", "yes"],
    ["METADATA_CONTACT_EMAIL", "not-an-address"],
    ["BASE_URL", "ftp://example.org"],
  ])("refuses %s=%j, naming the variable", (name, value) => {
    expect(() => testResolverConfig({ [name]: value })).toThrow(new RegExp(`${name}=`));
  });

  it("leaves the contact out of the User-Agent when none is configured", () => {
    const c = testResolverConfig({}, { appVersion: "1.2.3" });
    expect(userAgent(c)).toBe("ShortScience/1.2.3 (+http://localhost:3000)");
  });
});
