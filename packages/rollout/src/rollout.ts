import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { appFiles, deployableApps } from "@repo/workspace/apps";
import { isDnsLabel } from "@repo/workspace/dns-names";
import path from "node:path";
import { builtCommit, type TagLookup } from "./built-commit.js";
import { resolveCommit, shaTag } from "@repo/workspace/commit-tag";
import { imageRepository, loadDeployConfig } from "@repo/workspace/deploy-config";
import { git } from "@repo/workspace/git";
import { findImageLine, type ImageLine, replaceImage } from "@repo/workspace/image-line";
import { formatImageReference } from "@repo/workspace/image-reference";
import { kubectl } from "@repo/workspace/kubectl";
import { credentialsFor, lookupDigest } from "@repo/workspace/registry-digest";
import { RolloutError } from "./rollout-error.js";

export interface RolloutRequest {
  /** The repository root: deploy.config.yaml and apps/ live there. */
  root: string;
  app: string;
  /** Any revision git understands; resolved to the newest commit of main that built the app. */
  commit: string;
  /** The Kubernetes namespace for --apply; kubectl's current one when absent. */
  namespace?: string | undefined;
  /** Asks the registry for an image tag's digest; the real registry by default. */
  lookup?: (image: string) => Promise<TagLookup>;
}

export interface RolloutPlan {
  app: string;
  /** The manifest, relative to the root. */
  file: string;
  line: ImageLine;
  /** The reference to write: <repository>:sha-<7 hex>[@<digest>]. */
  image: string;
  commit: string;
  /** What the user should know: a commit resolved to another, an unverified image. */
  notes: string[];
  namespace?: string | undefined;
}

/** Asks the registry; a tag it does not have is "missing", any other failure "unreachable". */
export async function registryLookup(image: string): Promise<TagLookup> {
  try {
    return { digest: await lookupDigest(image, credentialsFor(image)) };
  } catch (error) {
    return / has no /.test((error as Error).message) ? "missing" : "unreachable";
  }
}

/** Works out, from the repository and the registry, which reference to write where. */
export async function planRollout(request: RolloutRequest): Promise<RolloutPlan> {
  const { root, app } = request;
  const file = appFiles(app).deployment;
  if (!isDnsLabel(app) || !existsSync(path.join(root, file))) {
    const known = deployableApps(root);
    throw new RolloutError(
      `unknown app "${app}": no apps/${app}/kubernetes/deployment.yaml. ` +
        (known.length > 0
          ? `Apps with manifests: ${known.join(", ")}.`
          : "No app has manifests yet."),
    );
  }
  const config = await loadDeployConfig(root);
  const repository = imageRepository(config, app);
  let line: ImageLine;
  try {
    // The Deployment's registry is never replaced behind the user's back: it must already be
    // the one deploy.config.yaml names.
    line = findImageLine(await readFile(path.join(root, file), "utf8"), repository, file);
  } catch (error) {
    throw new RolloutError((error as Error).message);
  }
  const target = await resolveCommit(root, request.commit);
  const lookup = request.lookup ?? registryLookup;
  const built = await builtCommit(root, app, target, (commit) =>
    lookup(`${repository}:${shaTag(commit)}`),
  );
  return {
    app,
    file,
    line,
    image: formatImageReference({ repository, tag: shaTag(built.commit), digest: built.digest }),
    commit: built.commit,
    notes: built.notes,
    namespace: request.namespace,
  };
}

/**
 * Writes the planned reference into the manifest and commits that file alone, so Argo CD
 * deploys it once pushed and `git revert` of the commit rolls back. Undefined when the
 * manifest already names it.
 */
export async function commitRollout(root: string, plan: RolloutPlan): Promise<string | undefined> {
  if ((await git(root, ["status", "--porcelain", "--", plan.file])).trim() !== "") {
    throw new RolloutError(
      `${plan.file} has changes that are not committed: commit or stash them first, so this commit holds the image alone.`,
    );
  }
  if (plan.line.image === plan.image) return undefined;
  const text = await readFile(path.join(root, plan.file), "utf8");
  await writeFile(path.join(root, plan.file), replaceImage(text, plan.line, plan.image));
  await git(root, ["add", "--", plan.file]);
  await git(root, [
    "commit",
    "--quiet",
    "--message",
    `Roll ${plan.app} out to ${plan.commit.slice(0, 7)}\n\n${plan.image}\n`,
    "--only",
    "--",
    plan.file,
  ]);
  return (await git(root, ["rev-parse", "HEAD"])).trim();
}

/** Applies the app's manifests as they now are, for a cluster that Argo CD does not sync. */
export async function applyRollout(root: string, plan: RolloutPlan): Promise<void> {
  const scope = plan.namespace ? ["--namespace", plan.namespace] : [];
  await kubectl(["apply", ...scope, "--filename", path.join(root, "apps", plan.app, "kubernetes")]);
}
