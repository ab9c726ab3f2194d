// The repository the docs describe: its root, its Markdown docs, its scripts and workspaces.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

export const repoRoot = findRoot(dirname(fileURLToPath(import.meta.url)));

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    if (dirname(dir) === dir) throw new Error(`no pnpm-workspace.yaml above ${from}`);
  }
}

/** README.md and every Markdown file under docs/, as repository-relative paths. */
export function docFiles(): string[] {
  const docs = join(repoRoot, "docs");
  const found = existsSync(docs)
    ? readdirSync(docs, { recursive: true, encoding: "utf8" })
        .filter((file) => file.endsWith(".md"))
        .map((file) => relative(repoRoot, join(docs, file)))
    : [];
  return ["README.md", ...found.sort()];
}

export function readRepoFile(path: string): string {
  return readFileSync(join(repoRoot, path), "utf8");
}

interface PackageJson {
  name?: string;
  scripts?: Record<string, string>;
}

function readPackageJson(dir: string): PackageJson {
  return JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as PackageJson;
}

export function rootScripts(): Record<string, string> {
  return readPackageJson(repoRoot).scripts ?? {};
}

/** Every workspace package by name, with its scripts, from pnpm-workspace.yaml's globs. */
export function workspaceScripts(): Map<string, Record<string, string>> {
  const { packages = [] } = parse(readRepoFile("pnpm-workspace.yaml")) as { packages?: string[] };
  const found = new Map<string, Record<string, string>>();
  for (const pattern of packages) {
    const dirs = pattern.endsWith("/*")
      ? readdirSync(join(repoRoot, pattern.slice(0, -2)), { withFileTypes: true })
          .filter((entry) => entry.isDirectory())
          .map((entry) => join(repoRoot, pattern.slice(0, -2), entry.name))
      : [join(repoRoot, pattern)];
    for (const dir of dirs) {
      if (!existsSync(join(dir, "package.json"))) continue;
      const json = readPackageJson(dir);
      if (json.name) found.set(json.name, json.scripts ?? {});
    }
  }
  return found;
}

/** The executables pnpm runs by name from the root (`pnpm turbo …`). */
export function rootBins(): Set<string> {
  const bin = join(repoRoot, "node_modules", ".bin");
  return new Set(existsSync(bin) ? readdirSync(bin) : []);
}
