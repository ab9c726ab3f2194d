// Loads the plopfile with node-plop, the way the CLI, the tests and the benchmark all run it.
import path from "node:path";
import nodePlop, { type PlopCfg, type PlopGenerator } from "node-plop";
import type { GeneratorOptions } from "../plopfile.js";
import type { Command } from "./service-transaction.js";

export const PLOPFILE = path.resolve(import.meta.dirname, "..", "plopfile.ts");

/** The `service` generator writing into root; `install` replaces `pnpm install --prefer-offline`. */
export async function loadServiceGenerator(
  root: string,
  install?: Command,
): Promise<PlopGenerator> {
  const config: PlopCfg & GeneratorOptions = {
    destBasePath: root,
    force: false,
    ...(install && { install }),
  };
  const plop = await nodePlop(PLOPFILE, config);
  return plop.getGenerator("service");
}

/** The failure that stopped a run (the actions after it only report that they were skipped). */
export function firstFailure(result: { failures: { type: string; error: string }[] }) {
  return result.failures.find((failure) => !failure.error.startsWith("Aborted due to previous"));
}
