import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { UserError } from "./user-error.js";

/** The folder holding pnpm-workspace.yaml at or above `from`: the repository's root. */
export function findRepositoryRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    if (dirname(dir) === dir) {
      throw new UserError(
        `no pnpm-workspace.yaml in ${from} or any folder above it: run this inside the repository`,
      );
    }
  }
}

/**
 * The root of the repository these tools are part of: pnpm runs each script from its
 * package's folder, so the working directory would not say.
 */
export const repositoryRoot = findRepositoryRoot(dirname(fileURLToPath(import.meta.url)));
