// Git is the record of what runs: every container of every app's manifests names its image
// immutably (a digest, or the sha-<commit> tag CI pushes once per commit), never a tag that
// moves (:latest, a branch name, none at all), so the same commit always deploys the same image
// and reverting a commit rolls back.
import { mutableReferenceProblem } from "@repo/workspace/image-reference";
import type { Problem } from "../problem.js";
import type { ManifestDocument } from "../repository.js";
import { obj } from "../yaml-values.js";

/** Where each kind keeps its pod spec. */
function podSpecPath(kind: unknown): string[] | undefined {
  if (kind === "Pod") return ["spec"];
  if (kind === "CronJob") return ["spec", "jobTemplate", "spec", "template", "spec"];
  if (["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"].includes(String(kind))) {
    return ["spec", "template", "spec"];
  }
  return undefined;
}

export function checkImmutableImages(app: string, manifests: ManifestDocument[]): Problem[] {
  const problems: Problem[] = [];
  for (const { file, object } of manifests) {
    const path = podSpecPath(object.kind);
    if (!path) continue;
    const podSpec = path.reduce<Record<string, unknown>>((value, key) => obj(value[key]), object);
    for (const list of ["initContainers", "containers"]) {
      const containers = podSpec[list];
      if (!Array.isArray(containers)) continue;
      containers.forEach((container, index) => {
        const image = obj(container).image;
        if (typeof image !== "string") return;
        const problem = mutableReferenceProblem(image);
        if (!problem) return;
        problems.push({
          file,
          field: `${path.join(".")}.${list}[${index}].image`,
          message: `is ${JSON.stringify(image)}: ${problem}, so git no longer says what runs`,
          fix: `name an immutable reference: CI writes <image>:sha-<commit>@sha256:<digest> here after each push to main; pnpm rollout ${app} <commit> writes the one a commit built`,
          rule: "immutable-image",
        });
      });
    }
  }
  return problems;
}
