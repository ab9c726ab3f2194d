// Each app's caller workflow (.github/workflows/app-<name>.yml) must build that app with its
// Dockerfile (the image it pushes is the image rule's), and list
// everything the image is made of: the app, every workspace package it depends on, the lockfile
// and the reusable workflow. deliver.yml reads the same inputs and paths on main.
import { appFiles } from "@repo/workspace/apps";
import type { Problem } from "../problem.js";
import { type Obj, obj, text } from "../yaml-values.js";
import type { App } from "../repository.js";

export const REUSABLE_WORKFLOW = ".github/workflows/image.yml";

/** The job that calls the reusable image workflow, and the inputs it passes. */
export function imageJob(app: App): { id: string; inputs: Obj } | undefined {
  if (!app.workflow) return undefined;
  const jobs = Object.entries(obj(obj(app.workflow.object).jobs));
  const call = jobs.find(([, job]) => text(obj(job).uses).endsWith(REUSABLE_WORKFLOW));
  return call && { id: call[0], inputs: obj(obj(call[1]).with) };
}

export function checkCallerWorkflow(
  app: App,
  /** Folders of the workspace packages the app depends on, directly or not. */
  dependencies: string[],
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
  const call = imageJob(app);
  if (!call) {
    add(
      "jobs",
      `has no job that uses ./${REUSABLE_WORKFLOW}`,
      `add a job with uses: ./${REUSABLE_WORKFLOW}`,
    );
    return problems;
  }
  const { id, inputs } = call;
  const at = `jobs.${id}.with`;

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
