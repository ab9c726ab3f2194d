import preset from "@repo/config/vitest";
import { defineConfig, mergeConfig } from "vitest/config";

export default mergeConfig(
  preset,
  defineConfig({
    test: {
      setupFiles: ["test/setup-tsx.ts"],
      // These tests copy the repository and start real processes (tsx, turbo, prettier); on a
      // loaded machine they are slow, and the bounds are only there to catch a hang.
      testTimeout: 120_000,
      hookTimeout: 120_000,
    },
  }),
);
