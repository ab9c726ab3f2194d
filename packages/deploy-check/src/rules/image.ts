// The image CI pushes and the image the Deployment runs must be the one deploy.config.yaml
// names, <registry>/<imageNamespace>/<app>: `pnpm write-back` and `pnpm rollout` find the
// Deployment's image line by that name, and a hand edit of it is kept by `pnpm gen sync` like
// any other edit, so only this rule sees it. Compared with deploy.config.yaml when it is valid,
// else with each other.
import { appFiles } from "@repo/workspace/apps";
import { type DeployConfig, imageRepository, registryLogin } from "@repo/workspace/deploy-config";
import { imageRepositoryOf } from "@repo/workspace/image-reference";
import { deploymentsOf } from "../app-objects.js";
import type { Problem } from "../problem.js";
import type { App } from "../repository.js";
import { text } from "../yaml-values.js";
import { imageJob } from "./caller-workflow.js";

const RULE = "image";

// Docker Hub's images are named with or without their registry.
const comparable = (ref: string) => ref.replace(/^docker\.io\//, "");

export function checkImage(app: App, defaults: DeployConfig | undefined): Problem[] {
  const problems: Problem[] = [];
  const expected = defaults && imageRepository(defaults, app.name);
  const deployed = deploymentsOf(app).flatMap(({ file, containers }) =>
    containers.map(({ at, container }) => ({ file, at, image: text(container.image) })),
  );
  if (expected) {
    for (const { file, at, image } of deployed) {
      if (comparable(imageRepositoryOf(image)) === comparable(expected)) continue;
      problems.push({
        file,
        field: `${at}.image`,
        message: `is ${JSON.stringify(image)}, but deploy.config.yaml makes this app's image ${expected}`,
        fix: `set image: ${expected}:sha-0000000, which the next build replaces (or change deploy.config.yaml)`,
        rule: RULE,
      });
    }
  }

  const call = imageJob(app);
  if (!call) return problems;
  const file = appFiles(app.name).workflow;
  const at = `jobs.${call.id}.with`;
  const pushed = call.inputs.image;
  if (expected) {
    if (typeof pushed !== "string" || comparable(pushed) !== comparable(expected)) {
      problems.push({
        file,
        field: `${at}.image`,
        message: `is ${JSON.stringify(pushed)}, but deploy.config.yaml makes this app's image ${expected}`,
        fix: `set image: ${expected}`,
        rule: RULE,
      });
    }
    for (const [input, value] of [
      ["registry", defaults.registry],
      ["login", registryLogin(defaults)],
    ] as const) {
      if (call.inputs[input] === value) continue;
      problems.push({
        file,
        field: `${at}.${input}`,
        message: `is ${JSON.stringify(call.inputs[input])}, but deploy.config.yaml's registry ${defaults.registry} makes it "${value}"`,
        fix: `set ${input}: ${value}`,
        rule: RULE,
      });
    }
    return problems;
  }
  const runs = deployed.map(({ image }) => imageRepositoryOf(image));
  // With no Deployment, there is nothing to compare: the app-files rule says it is missing.
  if (runs.length > 0 && (typeof pushed !== "string" || !runs.includes(pushed))) {
    problems.push({
      file,
      field: `${at}.image`,
      message: `is ${JSON.stringify(pushed)}, but apps/${app.name}/kubernetes runs ${runs.join(", ")}`,
      fix: "push the image the Deployment runs: make both <registry>/<imageNamespace>/<app> from deploy.config.yaml",
      rule: RULE,
    });
  }
  return problems;
}
