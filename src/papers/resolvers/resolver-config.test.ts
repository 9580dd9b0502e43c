import { describe, expect, it } from "vitest";
import * as limits from "./limits";
import { DEFAULT_ENDPOINTS, resolverConfigFromEnv, userAgent } from "./resolver-config";

describe("resolverConfigFromEnv", () => {
  it("has defaults: online, 5 s timeout, no contact, no key, the real services", () => {
    const c = resolverConfigFromEnv({});
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
    const c = resolverConfigFromEnv({
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
    expect(resolverConfigFromEnv({ METADATA_OFFLINE: value }).offline).toBe(offline);
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
    expect(() => resolverConfigFromEnv({ [name]: value })).toThrow(new RegExp(`${name}=`));
  });

  it("leaves the contact out of the User-Agent when none is configured", () => {
    const c = resolverConfigFromEnv({}, { appVersion: "1.2.3" });
    expect(userAgent(c)).toBe("ShortScience/1.2.3 (+http://localhost:3000)");
  });
});
