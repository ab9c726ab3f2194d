// The repository the docs describe: its root, its Markdown docs, its scripts and workspaces.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { repositoryRoot } from "@repo/workspace/repository-root";
import { workspacePackages } from "@repo/workspace/workspace-dependencies";

/** README.md and every Markdown file under docs/, as repository-relative paths. */
export function docFiles(): string[] {
  const docs = join(repositoryRoot, "docs");
  const found = existsSync(docs)
    ? readdirSync(docs, { recursive: true, encoding: "utf8" })
        .filter((file) => file.endsWith(".md"))
        .map((file) => relative(repositoryRoot, join(docs, file)))
    : [];
  return ["README.md", ...found.sort()];
}

export function readRepoFile(path: string): string {
  return readFileSync(join(repositoryRoot, path), "utf8");
}

interface PackageJson {
  name?: string;
  scripts?: Record<string, string>;
}

function readPackageJson(dir: string): PackageJson {
  return JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as PackageJson;
}

export function rootScripts(): Record<string, string> {
  return readPackageJson(repositoryRoot).scripts ?? {};
}

/** Every workspace package by name, with its scripts. */
export async function workspaceScripts(): Promise<Map<string, Record<string, string>>> {
  const found = new Map<string, Record<string, string>>();
  for (const [name, dir] of await workspacePackages(repositoryRoot)) {
    found.set(name, readPackageJson(join(repositoryRoot, dir)).scripts ?? {});
  }
  return found;
}

/** The executables pnpm runs by name from the root (`pnpm turbo …`). */
export function rootBins(): Set<string> {
  const bin = join(repositoryRoot, "node_modules", ".bin");
  return new Set(existsSync(bin) ? readdirSync(bin) : []);
}
