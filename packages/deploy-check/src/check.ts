// Runs every rule over a repository and returns what they found.
import { readDeployDefaults } from "./deploy-defaults.js";
import type { Problem } from "./problem.js";
import { readRepository } from "./repository.js";
import { checkCallerWorkflow } from "./rules/caller-workflow.js";
import { checkConsistency } from "./rules/consistency.js";
import { checkDockerfile } from "./rules/dockerfile.js";
import { checkKubernetesSchema } from "./rules/kubernetes-schema.js";
import { checkPodSecurity } from "./rules/pod-security.js";
import { checkWorkflows } from "./rules/workflows.js";
import { runtimeContract } from "./runtime-contract.js";

export interface CheckResult {
  apps: string[];
  problems: Problem[];
}

export async function checkRepository(root: string): Promise<CheckResult> {
  const repository = readRepository(root);
  const { defaults, problems: defaultsProblems } = readDeployDefaults(root);
  const problems: Problem[] = [...repository.readProblems, ...defaultsProblems];
  for (const app of repository.apps) {
    if (app.dockerfile) problems.push(...checkDockerfile(app.dockerfile));
    problems.push(...(await checkKubernetesSchema(app.manifests)));
    problems.push(...checkPodSecurity(app.manifests));
    problems.push(...checkConsistency(app, repository, defaults, runtimeContract));
    problems.push(...checkCallerWorkflow(app, repository, defaults));
  }
  problems.push(...(await checkWorkflows(root)));
  return { apps: repository.apps.map((app) => app.name), problems };
}
