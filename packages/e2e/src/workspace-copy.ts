// A copy of the repository's working tree (tracked and new files, not what .gitignore
// excludes), installed, where a check may change sources without touching the real tree.
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export async function copyWorkspace(root: string, prefix: string): Promise<string> {
  const copy = await mkdtemp(path.join(tmpdir(), `${prefix}-`));
  const { stdout } = await run(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    { cwd: root, maxBuffer: 64 << 20 },
  );
  for (const file of stdout.split("\0").filter(Boolean)) {
    await mkdir(path.dirname(path.join(copy, file)), { recursive: true });
    // A tracked file deleted in the working tree is simply not copied.
    await cp(path.join(root, file), path.join(copy, file)).catch(() => undefined);
  }
  await run("git", ["init", "--quiet"], { cwd: copy });
  await run("pnpm", ["install", "--prefer-offline", "--frozen-lockfile"], {
    cwd: copy,
    env: { ...process.env, HUSKY: "0" },
    maxBuffer: 64 << 20,
  });
  return copy;
}
