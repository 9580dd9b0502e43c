import { defineConfig } from "vitest/config";

// The suites that read the real-world corpus in ../shared (or SHARED_DIR); CI runs them
// separately, so `npm test` works on a machine without that folder.
export default defineConfig({
  test: {
    include: ["test/shared/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
