import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config";

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
