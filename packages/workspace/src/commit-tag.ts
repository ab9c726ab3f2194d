import { runProcess } from "./process.js";
import { UserError } from "./user-error.js";

/**
 * docker/metadata-action's `type=sha,format=short` tags an image with the first 7 characters of
 * the commit: always 7, even where `git rev-parse --short` would print more to stay unambiguous.
 */
export const SHORT_SHA_LENGTH = 7;

/** The immutable tag the image workflow pushes for a commit: sha-<first 7 hex digits>. */
export function shaTag(commitSha: string): string {
  if (!/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(commitSha)) {
    throw new UserError(`"${commitSha}" is not a full commit hash.`);
  }
  return `sha-${commitSha.slice(0, SHORT_SHA_LENGTH)}`;
}

/** Resolves a revision (hash, branch, tag, HEAD~1 …) of the repository at `root` to its full hash. */
export async function resolveCommit(root: string, revision: string): Promise<string> {
  if (revision === "" || revision.startsWith("-")) {
    throw new UserError(
      `"${revision}" is not a commit: give a hash, branch or tag (git log --oneline lists them).`,
    );
  }
  const run = await runProcess(
    "git",
    ["rev-parse", "--verify", "--quiet", "--end-of-options", `${revision}^{commit}`],
    { cwd: root },
  );
  if (run.code === 0) return run.stdout.trim();
  throw new UserError(
    /not a git repository/i.test(run.stderr)
      ? `${root} is not a git repository: run this from a clone of the repository.`
      : `unknown commit "${revision}": git has no such commit here. Give a hash, branch or tag (git log --oneline lists them; git fetch brings new ones).`,
  );
}
