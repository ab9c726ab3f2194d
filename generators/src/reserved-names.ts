// Names a service cannot take whatever its spelling: each app becomes apps/<name>, a workspace
// package, and (through deploy/argocd/applicationset.yaml) a namespace of its own in the
// cluster. A name that is already a cluster's namespace, a folder of the repository, or a path
// git ignores would deploy into someone else's objects, confuse `--filter`, or never be
// committed.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import ignore from "ignore";
import { parseAllDocuments } from "yaml";

/** Namespaces a cluster or the tools these docs install already use, and whose they are. */
export const CLUSTER_NAMESPACES: Readonly<Record<string, string>> = {
  default: "Kubernetes' default namespace, where objects without a namespace land",
  argocd: "the namespace of Argo CD, which deploys the apps",
  "cert-manager": "the namespace of cert-manager, which issues the Ingress certificates",
  "ingress-nginx": "the namespace of the NGINX ingress controller, which routes to the apps",
  "local-path-storage": "the namespace of kind's storage provisioner",
  "kubernetes-dashboard": "the namespace of the Kubernetes dashboard",
};

/** Kubernetes reserves this prefix for its own namespaces (kube-system, kube-public …). */
export const KUBE_PREFIX = "kube-";

/** The top-level folders of the repository as shipped, even where one is missing. */
export const TOP_LEVEL_FOLDERS = ["apps", "packages", "generators", "bench", "docs", "deploy"];

/** The namespaces the repository's own deploy files name (metadata.namespace, Namespaces). */
export function deployNamespaces(root: string): string[] {
  const dir = path.join(root, "deploy");
  if (!existsSync(dir)) return [];
  const found = new Set<string>();
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter(
    (entry) => entry.isFile() && /\.ya?ml$/.test(entry.name),
  );
  for (const entry of files) {
    const text = readFileSync(path.join(entry.parentPath, entry.name), "utf8");
    for (const doc of parseAllDocuments(text)) {
      const object = doc.toJS() as { kind?: unknown; metadata?: Record<string, unknown> } | null;
      const { namespace, name } = object?.metadata ?? {};
      if (typeof namespace === "string") found.add(namespace);
      if (object?.kind === "Namespace" && typeof name === "string") found.add(name);
    }
  }
  return [...found].sort();
}

/** Folder names at the repository's top level, hidden ones aside. */
export function topLevelFolders(root: string): string[] {
  const present = readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
    .map((entry) => entry.name);
  return [...new Set([...TOP_LEVEL_FOLDERS, ...present])].sort();
}

/** The .gitignore pattern that would hide apps/<name>/ from git, if one does. */
export type IgnoredBy = (name: string) => string | undefined;

export function gitignoreOfApps(root: string): IgnoredBy {
  const file = path.join(root, ".gitignore");
  const rules = ignore().add(existsSync(file) ? readFileSync(file, "utf8") : "");
  return (name) => {
    const result = rules.checkIgnore(`apps/${name}/`);
    return result.ignored ? result.rule?.pattern : undefined;
  };
}
