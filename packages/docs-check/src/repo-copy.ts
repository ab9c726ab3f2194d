// A throwaway copy of the repository's files (tracked, and new ones git does not ignore), for
// docs tests that edit files as a reader would without touching the working tree.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { repositoryRoot } from "@repo/workspace/repository-root";

// The tutorial's chapters speak of the demo alone: the apps a user generated beside it (and
// their caller workflows) are left out, or a table written for the demo would not be enough.
function otherApp(file: string): boolean {
  const [top, name, rest] = file.split("/");
  if (top === "apps") return name !== "demo";
  return top === ".github" && name === "workflows" && /^app-(?!demo\.yml$)/.test(rest ?? "");
}

export function copyRepository(): string {
  const listed = spawnSync(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    {
      cwd: repositoryRoot,
      encoding: "utf8",
    },
  );
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  const copy = mkdtempSync(join(tmpdir(), "docs-check-repo-"));
  for (const file of listed.stdout.split("\0").filter((name) => name !== "")) {
    // A file deleted in the working tree but still in the index is left out, as a commit would.
    if (!existsSync(join(repositoryRoot, file)) || otherApp(file)) continue;
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(repositoryRoot, file), join(copy, file));
  }
  return copy;
}
