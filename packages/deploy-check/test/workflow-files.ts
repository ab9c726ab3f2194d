// The repository's GitHub workflows, parsed, for tests that ask what they do.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parse, parseDocument } from "yaml";

export const WORKFLOWS_DIR = ".github/workflows";

type Filter = { branches?: string[]; paths?: string[]; "paths-ignore"?: string[] } | null;

/** The parts of a GitHub workflow these tests read; the YAML is not validated against it. */
export interface Workflow {
  name?: string;
  on: {
    push?: Filter;
    pull_request?: Filter;
    workflow_call?: {
      inputs?: Record<string, { required?: boolean; type?: string; description?: string }>;
      secrets?: Record<string, { required?: boolean; description?: string }>;
      outputs?: Record<string, { value?: string }>;
    };
  };
  permissions?: Record<string, string>;
  concurrency?: { group?: string; "cancel-in-progress"?: unknown };
  jobs: Record<string, WorkflowJob>;
}

export interface WorkflowJob {
  needs?: string | string[];
  if?: string;
  "runs-on"?: string;
  "timeout-minutes"?: number;
  uses?: string;
  with?: Record<string, unknown>;
  secrets?: Record<string, string>;
  permissions?: Record<string, string>;
  strategy?: { matrix?: Record<string, unknown>; "fail-fast"?: boolean };
  concurrency?: { group?: string; "cancel-in-progress"?: unknown };
  outputs?: Record<string, string>;
  env?: Record<string, unknown>;
  steps?: WorkflowStep[];
}

export interface WorkflowStep {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}

export interface WorkflowFile {
  /** Path from the repository root, e.g. .github/workflows/ci.yml. */
  file: string;
  text: string;
  /** The parsed YAML; `on` stays a string key (YAML 1.2 has no `on: true`). */
  workflow: Workflow;
  /** Every `uses:` of the file with the comment on its line (the pinned version). */
  uses: { value: string; comment: string | undefined }[];
}

function usesOf(text: string): WorkflowFile["uses"] {
  const found: WorkflowFile["uses"] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== "object") return;
    const items = (node as { items?: unknown[] }).items;
    if (!Array.isArray(items)) return;
    for (const item of items) {
      const pair = item as { key?: { value?: unknown }; value?: unknown };
      if (pair.key?.value === "uses" && pair.value && typeof pair.value === "object") {
        const scalar = pair.value as { value?: unknown; comment?: string | null };
        found.push({ value: String(scalar.value), comment: scalar.comment?.trim() || undefined });
      }
      visit(pair.value ?? item);
    }
  };
  visit(parseDocument(text).contents);
  return found;
}

/** Every workflow GitHub would run: the .yml and .yaml files directly in .github/workflows. */
export async function loadWorkflows(root: string): Promise<WorkflowFile[]> {
  const names = (await readdir(path.join(root, WORKFLOWS_DIR)))
    .filter((name) => /\.ya?ml$/.test(name))
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const file = `${WORKFLOWS_DIR}/${name}`;
      const text = await readFile(path.join(root, file), "utf8");
      return { file, text, workflow: parse(text) as Workflow, uses: usesOf(text) };
    }),
  );
}

export function findWorkflow(workflows: readonly WorkflowFile[], name: string): Workflow {
  const found = workflows.find((w) => w.file === `${WORKFLOWS_DIR}/${name}`);
  if (!found) throw new Error(`${WORKFLOWS_DIR}/${name} is missing`);
  return found.workflow;
}

export function job(workflow: Workflow, id: string): WorkflowJob {
  const found = workflow.jobs[id];
  if (!found) throw new Error(`no job ${id}`);
  return found;
}

/** The one step of a job that uses `action` (owner/name, any version). */
export function stepUsing(workflowJob: WorkflowJob, action: string): WorkflowStep {
  const found = (workflowJob.steps ?? []).filter((step) => step.uses?.startsWith(`${action}@`));
  if (found.length !== 1) throw new Error(`the job should use ${action} once`);
  return found[0] as WorkflowStep;
}

/** The step of a job with this id or name. */
export function step(workflowJob: WorkflowJob, idOrName: string): WorkflowStep {
  const found = (workflowJob.steps ?? []).find(
    (candidate) => candidate.id === idOrName || candidate.name === idOrName,
  );
  if (!found) throw new Error(`the job has no step ${idOrName}`);
  return found;
}
