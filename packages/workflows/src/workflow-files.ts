import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";

export const WORKFLOWS_DIR = ".github/workflows";

type Scalar = string | number | boolean;

/** The parts of a GitHub workflow these checks read; the YAML is not validated against it. */
export interface Workflow {
  name?: string;
  on: {
    push?: { branches?: string[]; paths?: string[]; "paths-ignore"?: string[] } | null;
    pull_request?: { paths?: string[] } | null;
    workflow_call?: {
      inputs?: Record<string, { required?: boolean; type?: string; description?: string }>;
      secrets?: Record<string, { required?: boolean; description?: string }>;
    };
  };
  permissions?: Record<string, string>;
  concurrency?: { group?: string; "cancel-in-progress"?: Scalar };
  jobs: Record<string, WorkflowJob>;
}

export interface WorkflowJob {
  uses?: string;
  with?: Record<string, Scalar>;
  secrets?: Record<string, string>;
  permissions?: Record<string, string>;
  env?: Record<string, Scalar>;
  steps?: WorkflowStep[];
}

export interface WorkflowStep {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, Scalar>;
  env?: Record<string, Scalar>;
}

export interface WorkflowFile {
  /** Path from the repository root, e.g. .github/workflows/ci.yml. */
  file: string;
  text: string;
  /** The parsed YAML; `on` stays a string key (YAML 1.2 has no `on: true`). */
  workflow: Workflow;
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
      return { file, text, workflow: parse(text) as Workflow };
    }),
  );
}
