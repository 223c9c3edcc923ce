import { defineConfig } from "vitest/config";

// One id per test run, inherited by the workers: PostgreSQL databases are
// named after it so the teardown removes only this run's.
process.env.BUURT_TEST_RUN ??= Math.random().toString(36).slice(2, 8);

export default defineConfig({
  test: {
    include: ["test/**/*.test.{ts,tsx}", "src/**/*.test.{ts,tsx}"],
    setupFiles: ["test/helpers/setup.ts"],
    globalSetup: ["test/helpers/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Federation tests start real servers on loopback ports; keep files in
    // parallel but bounded for a 2-core CI machine.
    maxWorkers: 2,
  },
});
