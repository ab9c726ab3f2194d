import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";

interface PackageJson {
  name?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/**
 * Reads a file by its path from the repository root; `undefined` when it cannot. A caller that
 * must not trust the repository (the deploy check) passes one that bounds what it reads.
 */
export type ReadRepositoryText = (relativePath: string) => Promise<string | undefined>;

const readFromDisk =
  (root: string): ReadRepositoryText =>
  async (relativePath) => {
    try {
      return await readFile(path.join(root, relativePath), "utf8");
    } catch {
      return undefined;
    }
  };

async function readPackageJson(
  read: ReadRepositoryText,
  folder: string,
): Promise<PackageJson | undefined> {
  try {
    return JSON.parse((await read(`${folder}/package.json`)) ?? "") as PackageJson;
  } catch {
    return undefined;
  }
}

/** Maps each workspace package's name to its folder, relative to the root, per pnpm-workspace.yaml. */
export async function workspacePackages(
  root: string,
  read: ReadRepositoryText = readFromDisk(root),
): Promise<Map<string, string>> {
  const workspace = await read("pnpm-workspace.yaml");
  if (workspace === undefined) throw new Error(`cannot read pnpm-workspace.yaml in ${root}`);
  const { packages = [] } = parse(workspace) as {
    packages?: string[];
  };
  const folders: string[] = [];
  for (const pattern of packages) {
    if (pattern.endsWith("/*")) {
      const parent = pattern.slice(0, -2);
      const entries = await readdir(path.join(root, parent), { withFileTypes: true }).catch(
        () => [],
      );
      folders.push(
        ...entries.filter((entry) => entry.isDirectory()).map((entry) => `${parent}/${entry.name}`),
      );
    } else {
      folders.push(pattern);
    }
  }
  const byName = new Map<string, string>();
  for (const folder of folders) {
    const manifest = await readPackageJson(read, folder);
    if (manifest?.name) byName.set(manifest.name, folder);
  }
  return byName;
}

/**
 * The folders of every workspace package `folder` depends on, directly or not, through
 * dependencies or devDependencies (both go into its build and its image).
 */
export async function workspaceDependencies(
  root: string,
  folder: string,
  read: ReadRepositoryText = readFromDisk(root),
): Promise<string[]> {
  const packages = await workspacePackages(root, read);
  const found = new Set<string>();
  const queue = [folder];
  while (queue.length > 0) {
    const current = queue.shift() as string;
    const manifest = await readPackageJson(read, current);
    const specs = { ...manifest?.dependencies, ...manifest?.devDependencies };
    for (const [name, spec] of Object.entries(specs)) {
      const dependency = packages.get(name);
      if (!spec.startsWith("workspace:") || dependency === undefined || found.has(dependency))
        continue;
      found.add(dependency);
      queue.push(dependency);
    }
  }
  found.delete(folder);
  return [...found].sort();
}
