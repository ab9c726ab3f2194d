import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { RolloutError } from "./rollout-error.js";

export const DEPLOY_CONFIG_FILE = "deploy.config.yaml";

/** Registries the image workflow knows how to log in to, and the name it gives each. */
export const REGISTRY_KINDS = {
  "docker.io": "dockerhub",
  "ghcr.io": "ghcr",
  "ttl.sh": "ttl.sh",
} as const;
export type Registry = keyof typeof REGISTRY_KINDS;
export type RegistryKind = (typeof REGISTRY_KINDS)[Registry];

// One or more path components of an image reference, as the distribution spec defines them.
const imagePath =
  /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const dnsLabel = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const dnsName =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

const deployConfigSchema = z
  .object({
    registry: z.enum(Object.keys(REGISTRY_KINDS) as [Registry, ...Registry[]], {
      error: `must be one of ${Object.keys(REGISTRY_KINDS).join(", ")}, the registries the image workflow can push to`,
    }),
    imageNamespace: z
      .string({ error: "must be your account or organisation on the registry" })
      .regex(imagePath, "must be lowercase letters and digits, with . _ - or / between them"),
    domain: z
      .string({ error: "must be the domain your ingress controller answers for" })
      .regex(dnsName, "must be a lowercase DNS name such as example.com"),
    ingressClass: z
      .string({ error: "must name an IngressClass of your cluster" })
      .regex(dnsLabel, "must be a lowercase name such as nginx"),
  })
  .strict();

export type DeployConfig = z.infer<typeof deployConfigSchema>;

/** Validates the text of deploy.config.yaml; `source` names the file in error messages. */
export function parseDeployConfig(text: string, source = DEPLOY_CONFIG_FILE): DeployConfig {
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new RolloutError(`${source} is not valid YAML: ${(error as Error).message}`);
  }
  const result = deployConfigSchema.safeParse(data);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    if (issue.code === "unrecognized_keys") {
      return `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")} (the keys are registry, imageNamespace, domain, ingressClass)`;
    }
    return `${issue.path.join(".") || "the file"} ${issue.message}`;
  });
  throw new RolloutError(`${source}: ${problems.join("; ")}. Fix it in ${source}.`);
}

/** Reads and validates deploy.config.yaml at the root of the repository. */
export async function loadDeployConfig(root: string): Promise<DeployConfig> {
  const file = path.join(root, DEPLOY_CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new RolloutError(
      `${file} is missing: it holds the registry, imageNamespace, domain and ingressClass every app deploys with.`,
    );
  }
  return parseDeployConfig(text, DEPLOY_CONFIG_FILE);
}

/** The image repository CI pushes app `app` to: <registry>/<imageNamespace>/<app>. */
export function imageRepository(config: DeployConfig, app: string): string {
  return `${config.registry}/${config.imageNamespace}/${app}`;
}

/** The host the app's Ingress answers on: <app>.<domain>. */
export function ingressHost(config: DeployConfig, app: string): string {
  return `${app}.${config.domain}`;
}

/** The `registry` input of the image workflow for this config's registry. */
export function registryKind(config: DeployConfig): RegistryKind {
  return REGISTRY_KINDS[config.registry];
}
