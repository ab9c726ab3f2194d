import { access, readdir } from "node:fs/promises";
import path from "node:path";
import { resolveCommit, shaTag } from "./commit-tag.js";
import { imageRepository, loadDeployConfig } from "./deploy-config.js";
import { loadDeploymentTarget } from "./deployment-manifest.js";
import { KubectlError, kubectl } from "./kubectl.js";
import { RolloutError } from "./rollout-error.js";

export interface RolloutRequest {
  /** The repository root: deploy.config.yaml and apps/ live there. */
  root: string;
  app: string;
  /** Any revision git understands; the image pushed for it is tagged sha-<7 hex digits>. */
  commit: string;
  /** The Kubernetes namespace; kubectl's current one when absent. */
  namespace?: string | undefined;
}

export interface RolloutPlan {
  app: string;
  deployment: string;
  container: string;
  image: string;
  commit: string;
  namespace?: string | undefined;
}

const appName = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** The apps that have Kubernetes manifests, hence something to roll out. */
export async function deployableApps(root: string): Promise<string[]> {
  const entries = await readdir(path.join(root, "apps"), { withFileTypes: true }).catch(() => []);
  const apps: string[] = [];
  for (const entry of entries) {
    if (
      entry.isDirectory() &&
      (await exists(path.join(root, "apps", entry.name, "kubernetes", "deployment.yaml")))
    ) {
      apps.push(entry.name);
    }
  }
  return apps.sort();
}

/** Works out, from the repository alone, which image to set on which Deployment. */
export async function planRollout(request: RolloutRequest): Promise<RolloutPlan> {
  const { root, app } = request;
  const manifest = path.join(root, "apps", app, "kubernetes", "deployment.yaml");
  if (!appName.test(app) || !(await exists(manifest))) {
    const known = await deployableApps(root);
    throw new RolloutError(
      `unknown app "${app}": no apps/${app}/kubernetes/deployment.yaml. ` +
        (known.length > 0
          ? `Apps with manifests: ${known.join(", ")}.`
          : "No app has manifests yet."),
    );
  }
  const config = await loadDeployConfig(root);
  const repository = imageRepository(config, app);
  const target = await loadDeploymentTarget(
    manifest,
    repository,
    `apps/${app}/kubernetes/deployment.yaml`,
  );
  const commit = await resolveCommit(root, request.commit);
  return {
    app,
    deployment: target.deployment,
    container: target.container,
    image: `${repository}:${shaTag(commit)}`,
    commit,
    namespace: request.namespace,
  };
}

export interface RolloutResult {
  previousImage: string;
  changed: boolean;
}

interface LiveDeployment {
  spec?: { template?: { spec?: { containers?: { name?: string; image?: string }[] } } };
}

/** Sets the planned image on the live Deployment; the changed pod template makes it roll. */
export async function applyRollout(plan: RolloutPlan): Promise<RolloutResult> {
  const scope = plan.namespace ? ["--namespace", plan.namespace] : [];
  let live: LiveDeployment;
  try {
    live = JSON.parse(
      await kubectl(["get", "deployment", plan.deployment, "--output", "json", ...scope]),
    ) as LiveDeployment;
  } catch (error) {
    if (error instanceof KubectlError && error.failure === "not-found") {
      throw new RolloutError(
        `Deployment ${plan.deployment} is not in ${plan.namespace ? `namespace ${plan.namespace}` : "kubectl's current namespace"}: ` +
          `deploy the app first with kubectl apply -f apps/${plan.app}/kubernetes${plan.namespace ? ` --namespace ${plan.namespace}` : ""}.`,
      );
    }
    throw error;
  }
  const container = live.spec?.template?.spec?.containers?.find(
    (candidate) => candidate.name === plan.container,
  );
  if (!container?.image) {
    throw new RolloutError(
      `the live Deployment ${plan.deployment} has no container named ${plan.container}: re-apply apps/${plan.app}/kubernetes, then run this again.`,
    );
  }
  if (container.image === plan.image) return { previousImage: container.image, changed: false };
  await kubectl([
    "set",
    "image",
    `deployment/${plan.deployment}`,
    `${plan.container}=${plan.image}`,
    ...scope,
  ]);
  return { previousImage: container.image, changed: true };
}
