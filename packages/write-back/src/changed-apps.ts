import { readdir } from "node:fs/promises";
import path from "node:path";
import picomatch from "picomatch";
import { type AppBuild, readCallerWorkflow } from "@repo/workspace/caller-workflow";
import { commitOf, git, isAncestor } from "@repo/workspace/git";

const CALLER = /^app-([a-z0-9-]+)\.yml$/;
/** The manifests are not part of any image, and the write-back edits them. */
export const MANIFESTS = "apps/*/kubernetes/**";
const isManifest = picomatch(MANIFESTS, { dot: true });

/**
 * The apps whose image a push from `before` to `after` changes: those whose caller workflow's
 * paths match a changed file. Every app when `before` is unknown (a new branch, a force push).
 */
export async function changedApps(
  root: string,
  before: string | undefined,
  after: string,
): Promise<AppBuild[]> {
  const names = await readdir(path.join(root, ".github", "workflows")).catch(() => []);
  const apps = names.flatMap((name) => CALLER.exec(name)?.[1] ?? []).sort();
  const callers = await Promise.all(apps.map((app) => readCallerWorkflow(root, app)));
  const base = before && !/^0+$/.test(before) ? await commitOf(root, before) : undefined;
  const files =
    base && (await isAncestor(root, base, after))
      ? (await git(root, ["diff", "--name-only", "--no-renames", base, after]))
          .split("\n")
          .filter((file) => file && !isManifest(file))
      : undefined;
  return callers
    .filter(({ paths }) => {
      const matches = picomatch(paths, { dot: true });
      return files === undefined || files.some((file) => matches(file));
    })
    .map(({ build }) => build);
}
