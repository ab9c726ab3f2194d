import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { RolloutError } from "./rollout-error.js";

export const DEPLOY_CONFIG_FILE = "deploy.config.yaml";

/**
 * How the image workflow logs in to push to a registry: GitHub's own token for ghcr.io, none
 * for ttl.sh (anonymous) and a registry on this machine, the repository's registry secrets for
 * any other (Docker Hub, Harbor, GitLab, a datalab's registry…).
 */
export type RegistryLogin = "github-token" | "none" | "secrets";

const LOGINS: Record<string, RegistryLogin> = { "ghcr.io": "github-token", "ttl.sh": "none" };

/** The registries the docs walk through; any other host[:port] works the same way. */
export const KNOWN_REGISTRIES = ["docker.io", "ghcr.io", "ttl.sh"] as const;

// One or more path components of an image reference, as the distribution spec defines them.
const imagePath =
  /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
// A host name or IPv4 address, lowercase, with an optional port: what precedes the first / of an
// image name.
const registryHost =
  /^(?=.{1,253}(?::|$))[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::[0-9]{1,5})?$/;
const dnsLabel = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const dnsName =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

const deployConfigSchema = z
  .object({
    registry: z
      .string({ error: "must be the registry host CI pushes to, such as docker.io" })
      .regex(
        registryHost,
        `must be a registry host with an optional port, without https:// or a path: ${KNOWN_REGISTRIES.join(", ")}, harbor.example.com, localhost:5000…`,
      ),
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

/** A registry on this machine: reached over plain HTTP, pushed to without a login. */
export function isLocalRegistry(host: string): boolean {
  return /^(?:localhost|127\.0\.0\.1|\[::1\])(?::\d+)?$/.test(host);
}

/** How to log in to a registry host: the one mapping the workflows and the registry client use. */
export function loginForRegistry(host: string): RegistryLogin {
  if (isLocalRegistry(host)) return "none";
  return LOGINS[host] ?? "secrets";
}

/** How the image workflow logs in to this config's registry (its `login` input). */
export function registryLogin(config: DeployConfig): RegistryLogin {
  return loginForRegistry(config.registry);
}

/**
 * The repository secrets a caller hands the image workflow as REGISTRY_USERNAME and
 * REGISTRY_TOKEN: Docker Hub keeps its own names, any other registry uses the generic ones.
 */
export function registrySecretNames(
  config: DeployConfig,
): { username: string; token: string } | undefined {
  if (registryLogin(config) !== "secrets") return undefined;
  return config.registry === "docker.io"
    ? { username: "DOCKERHUB_USERNAME", token: "DOCKERHUB_TOKEN" }
    : { username: "REGISTRY_USERNAME", token: "REGISTRY_TOKEN" };
}
