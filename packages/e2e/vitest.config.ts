import preset from "@repo/config/vitest";
import { defineConfig, mergeConfig } from "vitest/config";

// End-to-end files end in .e2e.ts so that `pnpm test` never runs them; they build images and
// talk to a cluster, so they run one file at a time with generous time limits.
export default mergeConfig(
  preset,
  defineConfig({
    test: {
      include: ["src/**/*.e2e.ts"],
      fileParallelism: false,
      testTimeout: 600_000,
      hookTimeout: 900_000,
    },
  }),
);
