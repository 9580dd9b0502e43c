import { describe, expect, it } from "vitest";
import { ConfigError, ENV_VARIABLES, loadConfig } from "./config";
import { parseFlag } from "./env-schema";
import { HTTP_TIMEOUT_MS } from "./limits";

describe("loadConfig", () => {
  it("has defaults that serve SQLite on port 3000", () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBe("sqlite:./data/shortscience.db");
    expect(c.baseUrl).toBe("http://localhost:3000");
  });

  it("reads PORT, DATABASE_URL and BASE_URL", () => {
    const c = loadConfig({
      PORT: "8080",
      DATABASE_URL: "postgres://u@db:5432/ss",
      BASE_URL: "https://shortscience.example/",
    });
    expect(c.port).toBe(8080);
    expect(c.databaseUrl).toBe("postgres://u@db:5432/ss");
    expect(c.baseUrl).toBe("https://shortscience.example");
  });

  it.each([
    ["PORT", "eighty"],
    ["PORT", "70000"],
    ["DATABASE_URL", "mysql://localhost/x"],
    ["BASE_URL", "ftp://example.org"],
    ["BASE_URL", "not a url"],
    ["LOG_LEVEL", "loud"],
    ["RENDER_WORKERS", "0"],
  ])("refuses %s=%s with a message naming the variable", (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}=`));
  });
});

describe("one boolean parser for every flag", () => {
  it.each([
    ["1", true],
    ["true", true],
    ["TRUE", true],
    ["True", true],
    ["0", false],
    ["false", false],
    ["FALSE", false],
  ])("reads %j as %s", (value, expected) => {
    expect(parseFlag(value)).toBe(expected);
    expect(loadConfig({ METADATA_OFFLINE: value }).metadata.offline).toBe(expected);
    // TRUST_PROXY takes a count, or a flag: true is one proxy.
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toBe(expected ? 1 : 0);
  });

  it.each(["yes", "no", "on", "off", "2", "t", " true"])("refuses %j, naming the variable", (v) => {
    expect(parseFlag(v)).toBeUndefined();
    expect(() => loadConfig({ METADATA_OFFLINE: v })).toThrow(/METADATA_OFFLINE="/);
  });

  it("counts an empty flag as unset", () => {
    expect(loadConfig({ METADATA_OFFLINE: "" }).metadata.offline).toBe(false);
  });
});

describe("the metadata settings", () => {
  it("have defaults: online, 5 s, no contact, no key", () => {
    expect(loadConfig({}).metadata).toEqual({
      contactEmail: null,
      offline: false,
      semanticScholarKey: null,
      timeoutMs: HTTP_TIMEOUT_MS,
    });
  });

  it("read METADATA_* and SEMANTIC_SCHOLAR_API_KEY", () => {
    const c = loadConfig({
      METADATA_OFFLINE: "1",
      METADATA_CONTACT_EMAIL: "ops@example.org",
      METADATA_TIMEOUT_MS: "2500",
      SEMANTIC_SCHOLAR_API_KEY: " secret ",
    });
    expect(c.metadata).toEqual({
      contactEmail: "ops@example.org",
      offline: true,
      semanticScholarKey: "secret",
      timeoutMs: 2_500,
    });
  });
});

describe("one rule for BASE_URL", () => {
  it.each(["ftp://example.org", "not a url", "https:example.org", "//example.org", "/"])(
    "refuses %j",
    (value) => {
      expect(() => loadConfig({ BASE_URL: value })).toThrow(/BASE_URL=/);
    },
  );

  it("takes http:// and https:// addresses, without a trailing slash", () => {
    expect(loadConfig({ BASE_URL: "http://127.0.0.1:8080/" }).baseUrl).toBe(
      "http://127.0.0.1:8080",
    );
    expect(loadConfig({ BASE_URL: "https://ss.example/base/" }).baseUrl).toBe(
      "https://ss.example/base",
    );
  });
});

describe("ENV_VARIABLES", () => {
  it("names every variable of the schema", () => {
    expect(ENV_VARIABLES).toEqual(
      expect.arrayContaining([
        "PORT",
        "DATABASE_URL",
        "SMTP_URL",
        "TRUST_PROXY",
        "OIDC_ISSUER",
        "METADATA_OFFLINE",
        "METADATA_CONTACT_EMAIL",
        "METADATA_TIMEOUT_MS",
        "SEMANTIC_SCHOLAR_API_KEY",
      ]),
    );
  });
});
