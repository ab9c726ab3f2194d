// Runs git in a clone of the repository.
import { runProcess } from "./process.js";

/** A git command that failed; `stderr` is what git said. */
export class GitError extends Error {
  override name = "GitError";
  constructor(
    readonly args: readonly string[],
    readonly stderr: string,
  ) {
    super(`git ${args.join(" ")} failed: ${stderr.trim() || "no output"}`);
  }
}

/** Runs git in `cwd` and returns its standard output, untrimmed. */
export async function git(cwd: string, args: readonly string[]): Promise<string> {
  const run = await runProcess("git", args, { cwd });
  if (run.code !== 0) throw new GitError(args, run.stderr);
  return run.stdout;
}

/** Whether `ancestor` is `descendant` or one of its ancestors. */
export async function isAncestor(
  cwd: string,
  ancestor: string,
  descendant: string,
): Promise<boolean> {
  const args = ["merge-base", "--is-ancestor", ancestor, descendant];
  const run = await runProcess("git", args, { cwd });
  if (run.code === 0) return true;
  if (run.code === 1) return false;
  throw new GitError(args, run.stderr);
}

/** The full hash of a commit-ish, or undefined when the repository has no such commit. */
export async function commitOf(cwd: string, revision: string): Promise<string | undefined> {
  const run = await runProcess(
    "git",
    ["rev-parse", "--verify", "--quiet", "--end-of-options", `${revision}^{commit}`],
    { cwd },
  );
  return run.code === 0 ? run.stdout.trim() || undefined : undefined;
}
