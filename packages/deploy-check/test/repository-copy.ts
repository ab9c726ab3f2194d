// A throw-away copy of this repository's deploy files (apps, workflows, deploy defaults, the
// service template and the workspace manifests), so a test can break one thing and run the
// check on it. It is not a git repository, as a CI job's plain copy may not be.
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { repositoryRoot } from "@repo/workspace/repository-root";

const skip = (source: string) => /[/\\](node_modules|dist|\.turbo|coverage)([/\\]|$)/.test(source);

// The tests plant defects in the demo and expect exactly the problems they planted, so the copy
// holds the demo alone: apps a user generated in this clone (and their caller workflows) would
// add their own findings to every expectation.
const otherApp = (source: string) => {
  const [top, name, ...rest] = relative(repositoryRoot, source).split(sep);
  if (top === "apps") return name !== undefined && name !== "demo";
  return top === ".github" && name === "workflows" && /^app-(?!demo\.yml$)/.test(rest[0] ?? "");
};

export function copyRepository(): { root: string; remove: () => void } {
  const root = mkdtempSync(join(tmpdir(), "deploy-check-"));
  for (const entry of [
    "apps",
    "packages",
    "generators",
    ".github",
    "deploy.config.yaml",
    "pnpm-workspace.yaml",
    // The render rule formats each app's render as the repository formats its files.
    "prettier.config.js",
    ".prettierignore",
  ]) {
    const source = join(repositoryRoot, entry);
    if (existsSync(source))
      cpSync(source, join(root, entry), {
        recursive: true,
        filter: (s) => !skip(s) && !otherApp(s),
      });
  }
  // Linked, not copied: the Prettier configuration is a workspace package.
  symlinkSync(join(repositoryRoot, "node_modules"), join(root, "node_modules"));
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Replaces `from` by `to` in a file, failing loudly if `from` is not there. */
export function edit(root: string, file: string, from: string | RegExp, to: string): void {
  const path = join(root, file);
  const text = readFileSync(path, "utf8");
  const next = text.replace(from, to);
  if (next === text) throw new Error(`${file} has no ${String(from)} to replace`);
  writeFileSync(path, next);
}
