// A throwaway copy of this repository for the generator to write into: the files git knows of
// (tracked, or new and not ignored) are copied, and every node_modules folder is linked to the
// real one, so the copy resolves the same packages without an install. The copy is the template
// as shipped: the demo is its only app, so the services generated since (their apps/ folder and
// caller workflow) are left out and the tests' names and ports stay free.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { cp, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

export const REPO = path.resolve(import.meta.dirname, "..", "..");

export interface RepoCopy {
  root: string;
  remove: () => Promise<void>;
}

const SHIPPED_APP = "demo";

function isGeneratedApp(file: string): boolean {
  const app =
    /^apps\/([^/]+)\//.exec(file)?.[1] ?? /^\.github\/workflows\/app-(.+)\.yml$/.exec(file)?.[1];
  return app !== undefined && app !== SHIPPED_APP;
}

export async function copyRepo(): Promise<RepoCopy> {
  const root = await mkdtemp(path.join(tmpdir(), "shipyard-gen-"));
  const files = execFileSync(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    {
      cwd: REPO,
      encoding: "utf8",
    },
  )
    .split("\0")
    .filter((file) => file !== "" && existsSync(path.join(REPO, file)))
    .filter((file) => !isGeneratedApp(file));
  for (const file of files) await cp(path.join(REPO, file), path.join(root, file));
  const workspaces = new Set([
    "",
    ...files.filter((f) => f.endsWith("/package.json")).map((f) => path.dirname(f)),
  ]);
  for (const dir of workspaces) {
    const modules = path.join(REPO, dir, "node_modules");
    if (existsSync(modules)) await symlink(modules, path.join(root, dir, "node_modules"));
  }
  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}

/**
 * Gives a service generated in the copy (with no install) the demo's installed node_modules: a
 * generated service depends on exactly what the demo does, which this checks first.
 */
export async function linkDemoDependencies(root: string, app: string): Promise<void> {
  const deps = (dir: string) => {
    const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as {
      dependencies?: object;
      devDependencies?: object;
    };
    return { dependencies: manifest.dependencies, devDependencies: manifest.devDependencies };
  };
  const demo = path.join(REPO, "apps", SHIPPED_APP);
  const dir = path.join(root, "apps", app);
  if (JSON.stringify(deps(dir)) !== JSON.stringify(deps(demo))) {
    throw new Error(`apps/${app} depends on other packages than the demo: install it instead`);
  }
  await symlink(path.join(demo, "node_modules"), path.join(dir, "node_modules"));
}

/** Every file under root but node_modules, with a hash of its content. */
export function snapshot(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      if (entry.name === "node_modules") continue;
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else
        files[rel] = createHash("sha256")
          .update(readFileSync(path.join(root, rel)))
          .digest("hex");
    }
  };
  walk("");
  return files;
}
