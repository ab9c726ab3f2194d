// Every app has the files the rest of the check compares: a package.json, a Dockerfile and a
// kubernetes folder whose manifests hold a Deployment. Without this rule a missing file was
// silence (nothing to compare) or blamed on another file that names it.
import { appFiles } from "@repo/workspace/apps";
import type { Problem } from "../problem.js";
import type { App } from "../repository.js";
import { text, obj } from "../yaml-values.js";

export function checkAppFiles(app: App): Problem[] {
  const problems: Problem[] = [];
  const add = (file: string, message: string, fix: string) =>
    problems.push({ file, message, fix, rule: "app-files" });
  const workflowFile = appFiles(app.name).workflow;
  const restore = "add it: pnpm gen service writes one, or copy apps/demo's and adapt it";

  for (const file of app.missing) {
    if (file.endsWith("/package.json")) {
      add(file, "is missing, so the app cannot be installed, built or tested", restore);
    } else if (file.endsWith("/Dockerfile")) {
      const builtBy = Object.values(obj(obj(app.workflow?.object).jobs)).some(
        (job) => text(obj(obj(job).with).dockerfile) === file,
      );
      add(
        file,
        builtBy
          ? `is missing, but ${workflowFile} builds ${app.name}'s image from it`
          : `is missing, so ${app.name} has no image to deploy`,
        restore,
      );
    } else {
      add(
        file,
        "is missing, so nothing deploys the app",
        "add deployment.yaml, service.yaml and ingress.yaml (pnpm gen service writes them)",
      );
    }
  }

  for (const { file, documents } of app.manifestFiles) {
    if (documents === 0) {
      add(
        file,
        "is empty: it holds no Kubernetes object",
        "write the manifest, or delete the file",
      );
    }
  }
  const kubernetesDir = `${app.dir}/kubernetes`;
  if (!app.missing.includes(kubernetesDir)) {
    if (!app.manifests.some((m) => m.object.kind === "Deployment")) {
      add(
        kubernetesDir,
        "holds no Deployment, so nothing runs the app",
        "add deployment.yaml (pnpm gen service writes one)",
      );
    }
  }
  return problems;
}
