// Every generated file is the render of the app's record, deploy.config.yaml and the templates,
// merged with the user's own edits: what `pnpm gen sync` would change is out of date. This one
// rule stands for every comparison of a generated copy with its source (image, host, Ingress
// class, workflow inputs after a deploy.config.yaml or template change).
import { type DeployConfig } from "@repo/workspace/deploy-config";
import { type FilePlan, type SyncPlan, pendingFiles, planSync } from "@repo/generators/sync";
import { appRecord } from "../app-record.js";
import type { Problem } from "../problem.js";
import type { App } from "../repository.js";

const RULE = "render";

export interface RenderFindings {
  problems: Problem[];
  /** A record behind files that already match the render: the next sync only updates it. */
  warnings: Problem[];
}

/** What changed since the app's files were rendered, as the user would name it. */
function sources(app: App, deploy: DeployConfig, from: string | undefined, to: string): string {
  const recorded = appRecord(app).record.deploy;
  const changed = [
    ...(recorded !== undefined &&
    Object.entries(recorded).some(([key, value]) => deploy[key as keyof DeployConfig] !== value)
      ? ["deploy.config.yaml"]
      : []),
    ...(from !== undefined && from !== to ? ["the service template"] : []),
  ];
  return changed.length > 0 ? changed.join(" and ") : `the record in ${app.dir}/package.json`;
}

function problemOf(file: FilePlan, changed: string): Problem {
  switch (file.status) {
    case "markers":
      return {
        file: file.path,
        message: "holds conflict markers from `pnpm gen sync`",
        fix: "resolve them (keep the lines you want, remove the markers), then run `pnpm gen sync` again",
        rule: RULE,
      };
    case "conflict":
      return {
        file: file.path,
        message: `is out of date with ${changed}, and an edit here conflicts with the change`,
        fix: "run `pnpm gen sync`, then resolve the conflict markers it writes",
        rule: RULE,
      };
    case "delete":
      return {
        file: file.path,
        message: `is no longer rendered by ${changed}`,
        fix: "run `pnpm gen sync`, which removes it",
        rule: RULE,
      };
    default:
      return {
        file: file.path,
        message: `is out of date with ${changed}`,
        fix: "run `pnpm gen sync`, which merges the change and keeps your edits",
        rule: RULE,
      };
  }
}

/**
 * Compares the apps' generated files with their render. Apps without a readable record are left
 * to the other rules (nothing says how they were generated); so are apps whose files the check
 * could not read, which the reader has already named.
 */
export async function checkRender(
  root: string,
  apps: App[],
  deploy: DeployConfig | undefined,
  unreadable: Set<string>,
): Promise<RenderFindings> {
  const findings: RenderFindings = { problems: [], warnings: [] };
  if (!deploy) return findings;
  const recorded = apps.filter(
    (app) => app.packageJson?.shipyard !== undefined && !unreadable.has(app.name),
  );
  if (recorded.length === 0) return findings;
  const plan = async (names: string[]) => planSync(root, { apps: names, storeTemplate: false });
  let plans: SyncPlan[];
  try {
    // One plan for every app: the template and the formatter are loaded once.
    plans = [await plan(recorded.map((app) => app.name))];
  } catch {
    // One app's problem must not hide the others': plan each alone to name which it is.
    plans = [];
    for (const app of recorded) {
      try {
        plans.push(await plan([app.name]));
      } catch (error) {
        findings.problems.push({
          file: `${app.dir}/package.json`,
          message: `cannot be compared with its render: ${(error as Error).message}`,
          rule: RULE,
        });
      }
    }
  }
  for (const appPlan of plans.flatMap((p) => p.apps)) {
    const app = recorded.find((a) => a.name === appPlan.app)!;
    const record = `${app.dir}/package.json`;
    const changed = sources(app, deploy, appPlan.from, appPlan.to);
    const pending = pendingFiles({ root, apps: [appPlan] });
    const files = pending.filter((file) => file.path !== record);
    findings.problems.push(...files.map((file) => problemOf(file, changed)));
    if (files.length === 0 && pending.length > 0) {
      findings.warnings.push({
        file: record,
        field: "shipyard",
        message:
          appPlan.from === undefined
            ? "records no template version, so a template or deploy.config.yaml change cannot be merged into the app's files"
            : `still records what the files were rendered from before ${changed} changed, though they already match`,
        fix: "run `pnpm gen sync`, which updates the record",
        rule: RULE,
      });
    }
  }
  return findings;
}
