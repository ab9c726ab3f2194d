// Each app's caller workflow (.github/workflows/app-<name>.yml) must build that app with its
// Dockerfile, the image its Deployment runs on the registry deploy.config.yaml names, and list
// everything the image is made of: the app, every workspace package it depends on, the lockfile
// and the reusable workflow. deliver.yml reads the same inputs and paths on main.
import { appFiles } from "@repo/workspace/apps";
import { type DeployConfig, imageRepository, registryLogin } from "@repo/workspace/deploy-config";
import { imageRepositoryOf } from "@repo/workspace/image-reference";
import type { Problem } from "../problem.js";
import { obj, text } from "../yaml-values.js";
import type { App } from "../repository.js";

export const REUSABLE_WORKFLOW = ".github/workflows/image.yml";

export function checkCallerWorkflow(
  app: App,
  /** Folders of the workspace packages the app depends on, directly or not. */
  dependencies: string[],
  defaults: DeployConfig | undefined,
): Problem[] {
  const file = appFiles(app.name).workflow;
  const problems: Problem[] = [];
  const add = (field: string | undefined, message: string, fix: string, rule = "caller-workflow") =>
    problems.push({ file, ...(field && { field }), message, fix, rule });

  if (!app.workflow) {
    add(
      undefined,
      `is missing, so CI never builds ${app.name}'s image`,
      `add it (pnpm gen service writes one; copy app-demo.yml and replace demo by ${app.name})`,
    );
    return problems;
  }
  const workflow = obj(app.workflow.object);
  const jobs = Object.entries(obj(workflow.jobs));
  const call = jobs.find(([, job]) => text(obj(job).uses).endsWith(REUSABLE_WORKFLOW));
  if (!call) {
    add(
      "jobs",
      `has no job that uses ./${REUSABLE_WORKFLOW}`,
      `add a job with uses: ./${REUSABLE_WORKFLOW}`,
    );
    return problems;
  }
  const [jobId, job] = call;
  const inputs = obj(obj(job).with);
  const at = `jobs.${jobId}.with`;

  if (inputs.app !== app.name) {
    add(
      `${at}.app`,
      `is ${JSON.stringify(inputs.app)}, not ${JSON.stringify(app.name)}`,
      `set app: ${app.name}`,
    );
  }
  const dockerfile = `${app.dir}/Dockerfile`;
  if (inputs.dockerfile !== dockerfile) {
    add(
      `${at}.dockerfile`,
      `is ${JSON.stringify(inputs.dockerfile)}, not the app's Dockerfile ${dockerfile}`,
      `set dockerfile: ${dockerfile}`,
    );
  }

  // Compared with deploy.config.yaml when it is valid, as the Deployment is: after a change
  // there, every file that still disagrees is named at once, not one more per run.
  const comparable = (ref: string) => ref.replace(/^docker\.io\//, "");
  if (defaults) {
    const expected = imageRepository(defaults, app.name);
    if (typeof inputs.image !== "string" || comparable(inputs.image) !== comparable(expected)) {
      add(
        `${at}.image`,
        `is ${JSON.stringify(inputs.image)}, but deploy.config.yaml makes this app's image ${expected}`,
        `set image: ${expected}`,
        "image",
      );
    }
  } else {
    const deployedImages = app.manifests
      .filter((m) => m.object.kind === "Deployment")
      .flatMap((m) => {
        const containers = obj(obj(obj(m.object.spec).template).spec).containers;
        return Array.isArray(containers) ? containers.map((c) => text(obj(c).image)) : [];
      })
      .map(imageRepositoryOf);
    // With no Deployment, there is nothing to compare: the app-files rule says it is missing.
    if (
      deployedImages.length > 0 &&
      (typeof inputs.image !== "string" || !deployedImages.includes(inputs.image))
    ) {
      add(
        `${at}.image`,
        `is ${JSON.stringify(inputs.image)}, but apps/${app.name}/kubernetes runs ${deployedImages.join(", ")}`,
        "push the image the Deployment runs: make both <registry>/<imageNamespace>/<app> from deploy.config.yaml",
        "image",
      );
    }
  }
  if (defaults) {
    for (const [input, expected] of [
      ["registry", defaults.registry],
      ["login", registryLogin(defaults)],
    ] as const) {
      if (inputs[input] !== expected) {
        add(
          `${at}.${input}`,
          `is ${JSON.stringify(inputs[input])}, but deploy.config.yaml's registry ${defaults.registry} makes it "${expected}"`,
          `set ${input}: ${expected}`,
          "image",
        );
      }
    }
  }
  const group = text(obj(workflow.concurrency).group);
  if (!group.includes(app.name) || !group.includes("github.ref")) {
    add(
      "concurrency.group",
      `is ${JSON.stringify(group)}: builds of one app and ref must queue, others must not`,
      `set group: app-${app.name}-\${{ github.ref }}`,
    );
  }

  const required = [
    `apps/${app.name}/**`,
    ...dependencies.map((dir) => `${dir}/**`),
    "pnpm-lock.yaml",
    "deploy.config.yaml",
    REUSABLE_WORKFLOW,
    file,
  ];
  const on = obj(workflow.on ?? workflow[true as unknown as string]);
  for (const event of ["pull_request"]) {
    const paths = obj(on[event]).paths;
    if (!Array.isArray(paths)) {
      add(`on.${event}.paths`, "is not set", `list ${required.join(", ")}`, "caller-paths");
      continue;
    }
    for (const path of required) {
      if (!paths.includes(path)) {
        add(
          `on.${event}.paths`,
          `misses ${path}, so a change there would not rebuild ${app.name}'s image`,
          `add "- ${path}"`,
          "caller-paths",
        );
      }
    }
  }
  return problems;
}
