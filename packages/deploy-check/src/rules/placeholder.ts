// The template ships with a placeholder image namespace, and its own CI runs this check on it,
// so the placeholder is a warning, not a failure: the repository is consistent, only not yet
// the user's. The image workflow refuses to push while it is there, so nothing is published
// under it either way.
import { DEPLOY_CONFIG_FILE, type DeployConfig } from "@repo/workspace/deploy-config";
import type { Problem } from "../problem.js";

export const IMAGE_NAMESPACE_PLACEHOLDER = "your-dockerhub-username";

export function placeholderWarnings(config: DeployConfig, configText: string): Problem[] {
  if (config.imageNamespace !== IMAGE_NAMESPACE_PLACEHOLDER) return [];
  const line = configText.split("\n").findIndex((l) => /^imageNamespace\s*:/.test(l)) + 1;
  return [
    {
      file: DEPLOY_CONFIG_FILE,
      ...(line > 0 && { field: `line ${line}` }),
      message: `imageNamespace is still the placeholder ${IMAGE_NAMESPACE_PLACEHOLDER}: CI cannot push the images and no cluster can pull them`,
      fix: "set it to your Docker Hub username (your GitHub user or organisation for ghcr.io, any unique word for ttl.sh), then run `pnpm gen sync` to write it into every app's Deployment and workflow",
      rule: "placeholder",
    },
  ];
}
