// The Vitest preset: every workspace's vitest.config.ts re-exports it.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    environment: "node",
    // CI machines are small and loaded; a slow start should not fail a correct test.
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
