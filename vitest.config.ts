import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.{ts,tsx}", "test/**/*.test.{ts,tsx}"],
    exclude: [...configDefaults.exclude, "test/shared/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
