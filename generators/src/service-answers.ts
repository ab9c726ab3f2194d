// The answers `pnpm gen service` needs, the rules they must follow and their defaults. Every
// refusal names the problem and how to fix it; the generator writes nothing until all pass.
import { existsSync } from "node:fs";
import path from "node:path";
import { isDns1035Label, isHostName } from "@repo/workspace/dns-names";
import { nextFreePort } from "./app-ports.js";
import type { RepoFacts } from "./repo-facts.js";
import { CLUSTER_NAMESPACES, KUBE_PREFIX } from "./reserved-names.js";

/**
 * Kubernetes names a Deployment's pods "<name>-<pod-template-hash, up to 10>-<5 random>", and a
 * pod's hostname is cut at 63 characters: 63 - 11 - 6 = 46 keeps every pod name whole. The
 * other suffixes the manifests add ("-tls" on the Ingress secret, "app-" on the workflow) are
 * shorter.
 */
export const MAX_NAME_LENGTH = 46;

/** Names refused whatever the repository holds, and why. */
export const RESERVED_NAMES: Readonly<Record<string, string>> = {
  kubernetes:
    "every cluster already has a Service named kubernetes (the API server) in the default namespace",
  shipyard: "it is the root package's name, so `pnpm --filter shipyard` would be ambiguous",
};

/** Why a name is reserved: a fixed name, a cluster namespace, a folder git or paths own. */
function reservedReason(name: string, facts: RepoFacts): string | undefined {
  const fixed = RESERVED_NAMES[name];
  if (fixed) return fixed;
  const inNamespace =
    "and each app is deployed into a namespace named after it (deploy/argocd/applicationset.yaml), where its objects would mix with that namespace's own";
  if (name.startsWith(KUBE_PREFIX)) {
    return `Kubernetes keeps namespaces starting with "${KUBE_PREFIX}" for itself (kube-system, kube-public, kube-node-lease), ${inNamespace}`;
  }
  const namespace =
    CLUSTER_NAMESPACES[name] ??
    (facts.namespaces.includes(name)
      ? "a namespace this repository's deploy/ files use"
      : undefined);
  if (namespace) return `it is ${namespace}, ${inNamespace}`;
  if (facts.topLevelFolders.includes(name)) {
    return `it is a top-level folder of this repository (${name}/), which \`--filter\` and paths confuse with the service`;
  }
  const pattern = facts.ignoredBy(name);
  if (pattern) {
    return `.gitignore's pattern "${pattern}" matches apps/${name}/, so git would never commit the service`;
  }
  return undefined;
}

export const MIN_PORT = 1024;
export const MAX_PORT = 65535;

export interface ServiceAnswers {
  name: string;
  description: string;
  port: number;
  host: string;
}

/** Answers as a command line or a test gives them: anything may be missing or a string. */
export interface RawAnswers {
  name?: unknown;
  description?: unknown;
  port?: unknown;
  host?: unknown;
}

/** A close valid name, offered in messages: "My_Service" -> "my-service". */
export function suggestName(raw: string): string {
  const slug = raw
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^[^a-z]+/, "")
    .slice(0, MAX_NAME_LENGTH)
    .replace(/-+$/, "");
  return slug || "orders";
}

/** A name close to a refused one that is itself free, offered in messages. */
function alternative(name: string, facts: RepoFacts): string {
  const base = name.startsWith(KUBE_PREFIX) ? name.slice(KUBE_PREFIX.length) : name;
  const candidates = [base, `${base}-service`, `${base}-app`, `${base}-api`, `my-${base}`];
  return candidates.find((c) => c !== name && !refusal(c, facts, false)) ?? "orders-service";
}

export function nameProblem(name: string, facts: RepoFacts): string | undefined {
  return refusal(name, facts, true);
}

function refusal(name: string, facts: RepoFacts, suggest: boolean): string | undefined {
  const other = () => (suggest ? alternative(name, facts) : "");
  if (name === "") {
    return 'The service needs a name. Fix: give one, e.g. "pnpm gen service orders".';
  }
  if (/[/\\]/.test(name) || name.includes("..")) {
    return `The name "${name}" contains a path separator or "..": it becomes the folder apps/<name>, so it must be one plain folder name. Fix: use lowercase letters, digits and "-" only, e.g. "${suggestName(name)}".`;
  }
  if (!isDns1035Label(name, Infinity)) {
    return `The name "${name}" is not a DNS-1035 label, which it must be to name the package, the image and the Kubernetes objects at once: lowercase letters, digits and "-", starting with a letter and ending with a letter or digit. Fix: use e.g. "${suggestName(name)}".`;
  }
  if (name.length > MAX_NAME_LENGTH) {
    return `The name "${name}" is ${name.length} characters long; at most ${MAX_NAME_LENGTH} fit, because Kubernetes names the pods "<name>-<10-character hash>-<5 characters>" and a pod's hostname stops at 63. Fix: shorten it, e.g. "${suggestName(name)}".`;
  }
  const reason = reservedReason(name, facts);
  if (reason) {
    return `The name "${name}" is reserved: ${reason}. Fix: choose another name, e.g. "${other()}".`;
  }
  if (facts.appDirs.includes(name)) {
    return `apps/${name} already exists, and the generator never overwrites a service. Fix: choose another name, or delete apps/${name} first if you mean to recreate it.`;
  }
  const workflow = `.github/workflows/app-${name}.yml`;
  if (existsSync(path.join(facts.root, workflow))) {
    return `${workflow} already exists, and the generator never overwrites it. Fix: choose another name, or delete ${workflow} first.`;
  }
  const taken = facts.packages.find(
    (pkg) => pkg.name === name || pkg.name.split("/").pop() === name,
  );
  if (taken) {
    return `The name "${name}" is already used by the workspace package ${taken.name} (${taken.dir}); two workspaces with one name make \`pnpm --filter ${name}\` and turbo's task names ambiguous. Fix: choose another name, e.g. "${other()}".`;
  }
  if (facts.catalog.includes(name)) {
    return `The name "${name}" is a dependency in the pnpm catalog (pnpm-workspace.yaml); a workspace package with the same name would shadow it for \`--filter\` and imports. Fix: choose another name, e.g. "${other()}".`;
  }
  return undefined;
}

export function descriptionProblem(description: string): string | undefined {
  if (description.trim() === "") {
    return 'The description is empty. Fix: give one line saying what the service does, e.g. --description "Takes and tracks orders."';
  }
  // eslint-disable-next-line no-control-regex -- control characters are what is refused here
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(description)) {
    return "The description contains a line break or another control character; it goes into package.json and the OpenAPI document as one line. Fix: write it on one line.";
  }
  return undefined;
}

export function portProblem(port: string, facts: RepoFacts): string | undefined {
  const free = nextFreePort(facts.ports);
  if (!/^\d+$/.test(port)) {
    return `The port "${port}" is not a whole number. Fix: use an integer from ${MIN_PORT} to ${MAX_PORT}, e.g. --port ${free}, the lowest port no app uses.`;
  }
  const value = Number(port);
  if (value < MIN_PORT || value > MAX_PORT) {
    return `The port ${port} is outside ${MIN_PORT}–${MAX_PORT}: ports below ${MIN_PORT} need root and the image runs as a non-root user, and none exist above ${MAX_PORT}. Fix: use e.g. --port ${free}, the lowest port no app uses.`;
  }
  const user = facts.ports.find((used) => used.port === value);
  if (user) {
    return `The port ${value} is already used by the app ${user.app} (${user.source}). Fix: use --port ${free}, the lowest port no app uses.`;
  }
  return undefined;
}

export function hostProblem(host: string): string | undefined {
  if (!isHostName(host)) {
    return `The host "${host}" is not a valid DNS name: lowercase letters, digits and "-" in dot-separated labels of at most 63 characters, each starting and ending with a letter or digit, 253 characters in all. Fix: use e.g. --host orders.example.com, or leave it out for <name>.<domain> from deploy.config.yaml.`;
  }
  if (/^[0-9.]+$/.test(host)) {
    return `The host "${host}" is an IP address; an Ingress rule needs a DNS name. Fix: use a name whose DNS points at your ingress controller, or leave it out for <name>.<domain> from deploy.config.yaml.`;
  }
  return undefined;
}

function asText(value: unknown): string {
  return typeof value === "number" ? String(value) : typeof value === "string" ? value : "";
}

/** The default of each answer after the name: what the prompts offer and the flags fall back to. */
export const defaults = {
  description: (name: string) => `The ${name} service.`,
  port: (facts: RepoFacts) => nextFreePort(facts.ports),
  host: (name: string, facts: Pick<RepoFacts, "deploy">) => `${name}.${facts.deploy.domain}`,
};

/** Checks every given answer and fills the missing ones with their defaults. */
export function resolveAnswers(
  raw: RawAnswers,
  facts: RepoFacts,
): { answers: ServiceAnswers; problems: [] } | { answers?: undefined; problems: string[] } {
  const given = (value: unknown) => (value === undefined ? undefined : asText(value));
  const name = asText(raw.name);
  const description = given(raw.description);
  const port = given(raw.port);
  const host = given(raw.host);
  const problems = [
    nameProblem(name, facts),
    description === undefined ? undefined : descriptionProblem(description),
    port === undefined ? undefined : portProblem(port, facts),
    host === undefined ? undefined : hostProblem(host),
  ].filter((problem) => problem !== undefined);
  if (problems.length > 0) return { problems };
  return {
    answers: {
      name,
      description: description ?? defaults.description(name),
      port: port === undefined ? defaults.port(facts) : Number(port),
      host: host ?? defaults.host(name, facts),
    },
    problems: [],
  };
}
