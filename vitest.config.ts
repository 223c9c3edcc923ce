import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.{ts,tsx}", "src/**/*.test.{ts,tsx}"],
    setupFiles: ["test/helpers/setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Federation tests start real servers on loopback ports; keep files in
    // parallel but bounded for a 2-core CI machine.
    maxWorkers: 2,
  },
});
