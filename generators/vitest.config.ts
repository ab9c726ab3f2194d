import preset from "@repo/config/vitest";
import { defineConfig, mergeConfig } from "vitest/config";

export default mergeConfig(preset, defineConfig({ test: { setupFiles: ["test/setup-tsx.ts"] } }));
