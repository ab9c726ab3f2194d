import { readCallerWorkflow } from "@repo/workspace/caller-workflow";
import { commitOf, git, isAncestor } from "@repo/workspace/git";
import { RolloutError } from "./rollout-error.js";

/** What the registry says about a tag: its digest, that it has no such tag, or nothing. */
export type TagLookup = { digest: string } | "missing" | "unreachable";

export interface BuiltCommit {
  /** The commit whose image to deploy: the one asked for, or the newest build before it. */
  commit: string;
  /** The digest the registry gave its tag, when it answered. */
  digest?: string | undefined;
  /** Why the commit is not the one asked for, or why its image is not verified. */
  notes: string[];
}

/** The branch CI builds from, as this clone knows it: origin/main when fetched, else main. */
export async function mainBranch(root: string, branch = "main"): Promise<string> {
  return (await commitOf(root, `refs/remotes/origin/${branch}`)) ? `origin/${branch}` : branch;
}

const short = (commit: string) => commit.slice(0, 7);

/**
 * Finds the commit whose image CI built for `target`: CI builds an app's image only for a push
 * to main that changed what the image is made of (the paths its caller workflow watches), so a
 * commit off main is refused and one that changed none of those paths (a docs-only commit)
 * resolves to the newest commit before it that did and whose tag the registry has.
 */
export async function builtCommit(
  root: string,
  app: string,
  target: string,
  lookup: (commit: string) => Promise<TagLookup>,
): Promise<BuiltCommit> {
  const main = await mainBranch(root);
  if (!(await commitOf(root, main))) {
    throw new RolloutError(`this clone has no ${main} branch: fetch it (git fetch origin main).`);
  }
  if (!(await isAncestor(root, target, main))) {
    throw new RolloutError(
      `commit ${short(target)} is not on ${main}: CI builds images only for main, so none exists for it. ` +
        "Merge it first, or give a commit of main (git log --oneline main).",
    );
  }
  const { paths } = await readCallerWorkflow(root, app);
  const pathspecs = [
    ...paths.map((glob) => `:(glob)${glob}`),
    ":(exclude,glob)apps/*/kubernetes/**",
  ];
  const candidates = (
    await git(root, ["log", "--format=%H", "--max-count=50", target, "--", ...pathspecs])
  )
    .split("\n")
    .filter(Boolean);
  if (candidates.length === 0) {
    throw new RolloutError(
      `no commit up to ${short(target)} changed what ${app}'s image is made of, so CI built none: push a change to apps/${app} first.`,
    );
  }
  const notes: string[] = [];
  if (candidates[0] !== target) {
    notes.push(
      `${short(target)} changed nothing ${app}'s image is made of (the paths .github/workflows/app-${app}.yml watches); ` +
        `the newest commit before it that did is ${short(candidates[0]!)}.`,
    );
  }
  for (const candidate of candidates) {
    const found = await lookup(candidate);
    if (found === "unreachable") {
      notes.push(
        `the registry did not answer: sha-${short(candidate)} is written by its tag, unverified.`,
      );
      return { commit: candidate, notes };
    }
    if (found !== "missing") return { commit: candidate, digest: found.digest, notes };
    notes.push(
      `the registry has no image for ${short(candidate)} (its build failed or is not done yet).`,
    );
  }
  throw new RolloutError(
    `the registry has no ${app} image for any of the last ${candidates.length} commits that changed it: check the deliver workflow's runs.`,
  );
}
