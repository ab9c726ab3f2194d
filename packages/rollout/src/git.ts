import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

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
  try {
    const { stdout } = await run("git", args, { cwd, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === "ENOENT") {
      throw new GitError(args, "git is not on PATH: install git.");
    }
    throw new GitError(args, failure.stderr ?? failure.message);
  }
}

/** Whether `ancestor` is `descendant` or one of its ancestors. */
export async function isAncestor(
  cwd: string,
  ancestor: string,
  descendant: string,
): Promise<boolean> {
  try {
    await run("git", ["merge-base", "--is-ancestor", ancestor, descendant], { cwd });
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === 1) return false;
    throw new GitError(
      ["merge-base", "--is-ancestor", ancestor, descendant],
      (error as { stderr?: string }).stderr ?? "",
    );
  }
}

/** The full hash of a commit-ish, or undefined when the repository has no such commit. */
export async function commitOf(cwd: string, revision: string): Promise<string | undefined> {
  try {
    const { stdout } = await run(
      "git",
      ["rev-parse", "--verify", "--quiet", "--end-of-options", `${revision}^{commit}`],
      { cwd },
    );
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}
