// One generation at a time per repository. Each reads the names and ports already taken, writes
// an app, then lets pnpm rewrite pnpm-lock.yaml: two at once would take the same port, and the
// lockfile one of them restores on rollback would erase the other's entry.
import { createHash } from "node:crypto";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import lockfile from "proper-lockfile";

/**
 * The generator's scratch folder for a repository: under node_modules/.cache (ignored by git,
 * on the repository's file system), keyed by the repository's path because checkouts may share
 * a linked node_modules.
 */
export function generatorCacheDir(root: string): string {
  const key = createHash("sha256").update(path.resolve(root)).digest("hex").slice(0, 12);
  return path.join(root, "node_modules", ".cache", "shipyard-gen", key);
}

export const lockPath = (root: string) => path.join(generatorCacheDir(root), "generation.lock");

// A holder refreshes the lock every STALE_MS / 2; one that stopped refreshing was killed
// without cleaning up (SIGKILL, power loss), and the next generation takes the lock over.
const STALE_MS = 30_000;
const RETRY_MS = 250;
const MAX_WAIT_MS = 10 * 60_000;

export type Release = () => Promise<void>;

/** Takes the repository's generation lock, waiting for a running generation to finish. */
export async function acquireGenerationLock(
  root: string,
  onWait: (message: string) => void,
): Promise<Release> {
  const lockfilePath = lockPath(root);
  await mkdir(path.dirname(lockfilePath), { recursive: true });
  const options = {
    lockfilePath,
    realpath: false,
    stale: STALE_MS,
    // The default throws from a timer, which would end the process before it could roll back.
    onCompromised: (error: Error) =>
      onWait(`The generation lock ${lockfilePath} was taken over: ${error.message}`),
  };
  try {
    return await lockfile.lock(root, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ELOCKED") throw error;
  }
  onWait("Another `pnpm gen service` is running in this repository: waiting for it to finish.");
  try {
    return await lockfile.lock(root, {
      ...options,
      retries: { retries: MAX_WAIT_MS / RETRY_MS, factor: 1, minTimeout: RETRY_MS },
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ELOCKED") throw error;
    throw new Error(
      `Another \`pnpm gen service\` has held ${lockfilePath} for ${MAX_WAIT_MS / 60_000} minutes. Fix: let it finish, or, if no generation is running, delete that folder and generate again.`,
    );
  }
}
