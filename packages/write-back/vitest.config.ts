import preset from "@repo/config/vitest";
import { defineConfig, mergeConfig } from "vitest/config";

// These tests run git (and child processes) many times over; a loaded machine makes each call
// slow, not wrong.
export default mergeConfig(preset, defineConfig({ test: { testTimeout: 180_000 } }));
