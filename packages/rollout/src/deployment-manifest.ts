import { readFile } from "node:fs/promises";
import { parseAllDocuments } from "yaml";
import { imageRepositoryOf } from "./image-reference.js";
import { RolloutError } from "./rollout-error.js";

/** The Deployment and container that run an app's image. */
export interface DeploymentTarget {
  deployment: string;
  container: string;
  image: string;
}

interface ContainerLike {
  name?: unknown;
  image?: unknown;
}

function isDeployment(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { kind?: unknown }).kind === "Deployment"
  );
}

function deploymentsIn(text: string, source: string): Record<string, unknown>[] {
  const deployments: Record<string, unknown>[] = [];
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length > 0) {
      throw new RolloutError(`${source} is not valid YAML: ${document.errors[0]?.message}`);
    }
    const value: unknown = document.toJS();
    if (isDeployment(value)) deployments.push(value);
  }
  return deployments;
}

/**
 * Finds, in the text of a deployment.yaml, the container whose image comes from `repository`,
 * the one CI pushes to.
 */
export function findDeploymentTarget(
  text: string,
  repository: string,
  source: string,
): DeploymentTarget {
  const deployments = deploymentsIn(text, source);
  if (deployments.length === 0) {
    throw new RolloutError(
      `${source} holds no Deployment: it should define the app's apps/v1 Deployment.`,
    );
  }
  const seen: string[] = [];
  for (const deployment of deployments) {
    const name = (deployment.metadata as { name?: unknown } | undefined)?.name;
    const containers = (
      deployment.spec as { template?: { spec?: { containers?: ContainerLike[] } } } | undefined
    )?.template?.spec?.containers;
    for (const container of containers ?? []) {
      if (typeof container.image !== "string" || typeof container.name !== "string") continue;
      seen.push(container.image);
      if (typeof name === "string" && imageRepositoryOf(container.image) === repository) {
        return { deployment: name, container: container.name, image: container.image };
      }
    }
  }
  throw new RolloutError(
    `${source} runs ${seen.length > 0 ? seen.join(", ") : "no image"}, not ${repository} where CI pushes this app ` +
      `(deploy.config.yaml): set the container image to ${repository}:sha-0000000 (the next build replaces it), or fix deploy.config.yaml.`,
  );
}

/** Reads an app's deployment.yaml and finds its target container. */
export async function loadDeploymentTarget(
  file: string,
  repository: string,
  source: string,
): Promise<DeploymentTarget> {
  return findDeploymentTarget(await readFile(file, "utf8"), repository, source);
}
