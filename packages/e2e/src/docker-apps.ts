// The apps that ship a Docker image, found from the files in the repository.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));

export interface DockerApp {
  name: string;
  /** Relative to the repository root, as `docker build -f` takes it. */
  dockerfile: string;
}

export function appsWithDockerfile(root = repoRoot): DockerApp[] {
  return readdirSync(join(root, "apps"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({ name: entry.name, dockerfile: `apps/${entry.name}/Dockerfile` }))
    .filter((app) => existsSync(join(root, app.dockerfile)))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The image the final stage starts from: what the app's own layers are measured against. */
export function runtimeBaseImage(dockerfilePath: string): string {
  const froms = [...readFileSync(dockerfilePath, "utf8").matchAll(/^FROM\s+(?:--\S+\s+)*(\S+)/gim)];
  const base = froms.at(-1)?.[1];
  if (!base) throw new Error(`${dockerfilePath} has no FROM line.`);
  if (base.includes("$")) {
    throw new Error(
      `${dockerfilePath}: the final FROM uses a build argument (${base}); name the image.`,
    );
  }
  return base;
}
