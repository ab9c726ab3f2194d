// A copy of the repository's working tree (tracked and new files, not what .gitignore
// excludes), installed, where a check may change sources without touching the real tree.
import { cp, mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { git } from "@repo/workspace/git";
import { runProcess } from "@repo/workspace/process";

export async function copyWorkspace(root: string, prefix: string): Promise<string> {
  const copy = await mkdtemp(path.join(tmpdir(), `${prefix}-`));
  const stdout = await git(root, ["ls-files", "-z", "--cached", "--others", "--exclude-standard"]);
  for (const file of stdout.split("\0").filter(Boolean)) {
    await mkdir(path.dirname(path.join(copy, file)), { recursive: true });
    // A tracked file deleted in the working tree is simply not copied.
    await cp(path.join(root, file), path.join(copy, file)).catch(() => undefined);
  }
  await git(copy, ["init", "--quiet"]);
  const install = await runProcess("pnpm", ["install", "--prefer-offline", "--frozen-lockfile"], {
    cwd: copy,
    env: { ...process.env, HUSKY: "0" },
  });
  if (install.code !== 0) {
    throw new Error(`pnpm install in ${copy} failed:\n${install.stderr}${install.stdout}`);
  }
  return copy;
}
