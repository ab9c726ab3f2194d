import preset from "@repo/config/vitest";
import { defineConfig, mergeConfig } from "vitest/config";

// Some tests run git and kubectl; a loaded machine makes each call slow, not wrong.
export default mergeConfig(preset, defineConfig({ test: { testTimeout: 120_000 } }));
