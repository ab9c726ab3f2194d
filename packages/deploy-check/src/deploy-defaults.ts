// deploy.config.yaml: the registry, image namespace, domain and ingress class that every app's
// manifests and workflow must agree with.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import type { Problem } from "./problem.js";

export const DEPLOY_DEFAULTS_FILE = "deploy.config.yaml";

const DNS_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const schema = z.object({
  registry: z
    .string()
    .regex(/^[a-z0-9.-]+(:\d+)?$/, "must be a registry host such as docker.io, ghcr.io or ttl.sh"),
  imageNamespace: z
    .string()
    .regex(
      /^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/,
      "must be lowercase letters, digits and . _ - separators",
    ),
  domain: z.string().regex(DNS_NAME, "must be a DNS name such as apps.example.org"),
  ingressClass: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "must be an IngressClass name"),
});

export type DeployDefaults = z.infer<typeof schema>;

export function readDeployDefaults(root: string): {
  defaults?: DeployDefaults;
  problems: Problem[];
} {
  const path = join(root, DEPLOY_DEFAULTS_FILE);
  if (!existsSync(path)) {
    return {
      problems: [
        {
          file: DEPLOY_DEFAULTS_FILE,
          message: "is missing",
          fix: "restore it: it holds registry, imageNamespace, domain and ingressClass",
          rule: "deploy-defaults",
        },
      ],
    };
  }
  let data: unknown;
  try {
    data = parse(readFileSync(path, "utf8"));
  } catch (error) {
    return {
      problems: [
        {
          file: DEPLOY_DEFAULTS_FILE,
          message: `is not valid YAML: ${(error as Error).message.split("\n")[0]}`,
          rule: "deploy-defaults",
        },
      ],
    };
  }
  const result = schema.safeParse(data);
  if (result.success) return { defaults: result.data, problems: [] };
  return {
    problems: result.error.issues.map((issue) => ({
      file: DEPLOY_DEFAULTS_FILE,
      field: issue.path.join(".") || undefined,
      message: issue.code === "invalid_type" ? `must be a string` : issue.message,
      rule: "deploy-defaults",
    })),
  };
}
