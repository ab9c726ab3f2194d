// The write-back journey's repositories: a bare copy of this repository standing in for
// GitHub (branch main at this checkout's HEAD) and a clone of it standing in for the runner.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { git as runGit } from "@repo/workspace/git";

const IDENTITY = ["-c", "user.name=Dev", "-c", "user.email=dev@example.com"];

export interface JourneyRepo {
  dir: string;
  remote: string;
  runner: string;
  git: (cwd: string, ...args: string[]) => Promise<string>;
  /** Edits a file in the runner's clone, commits it and pushes it to main; returns the commit. */
  commitAndPush: (
    message: string,
    edits: Record<string, (text: string) => string>,
  ) => Promise<string>;
  /** A checkout of `commit` in a folder of its own, as Argo CD reads the repository. */
  checkout: (commit: string) => Promise<string>;
  cleanup: () => Promise<void>;
}

export async function journeyRepo(root: string): Promise<JourneyRepo> {
  const dir = await mkdtemp(path.join(tmpdir(), "writeback-e2e-"));
  const git = async (cwd: string, ...args: string[]) =>
    (await runGit(cwd, [...IDENTITY, ...args])).trim();
  const remote = path.join(dir, "remote.git");
  await git(dir, "clone", "--quiet", "--bare", "--no-local", root, remote);
  await git(remote, "branch", "--force", "main", await git(root, "rev-parse", "HEAD"));
  const runner = path.join(dir, "runner");
  await git(dir, "clone", "--quiet", "--branch", "main", remote, runner);
  let checkouts = 0;
  return {
    dir,
    remote,
    runner,
    git,
    commitAndPush: async (message, edits) => {
      await git(runner, "pull", "--quiet", "--ff-only", "origin", "main");
      for (const [file, edit] of Object.entries(edits)) {
        const target = path.join(runner, file);
        await writeFile(target, edit(await readFile(target, "utf8")));
      }
      await git(runner, "commit", "--quiet", "--all", "--no-verify", "-m", message);
      await git(runner, "push", "--quiet", "origin", "HEAD:main");
      return git(runner, "rev-parse", "HEAD");
    },
    checkout: async (commit) => {
      const target = path.join(dir, `checkout-${++checkouts}`);
      await git(dir, "clone", "--quiet", remote, target);
      await git(target, "checkout", "--quiet", "--detach", commit);
      return target;
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
