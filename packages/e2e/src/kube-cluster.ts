import { randomBytes } from "node:crypto";
import { kubectl, runKubectl } from "@repo/workspace/kubectl";

/** What a user starts to get a cluster; no command of this repository's own machines. */
export const START_A_CLUSTER =
  "Start a local cluster (kind create cluster, k3d cluster create, minikube start, or " +
  "Kubernetes in Docker Desktop's settings) or point KUBECONFIG at one. " +
  "pnpm test:e2e:docker runs the checks that need only Docker.";

/**
 * Asks the API server for its version; throws a message saying how to get a cluster when none
 * answers, so that a missing cluster never passes for a working one.
 */
export async function requireCluster(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const run = await runKubectl(["version", "--output=json", "--request-timeout=15s"], env);
  const version =
    run.code === 0 ? (JSON.parse(run.stdout) as { serverVersion?: { gitVersion?: string } }) : {};
  const server = version.serverVersion?.gitVersion;
  if (server) return server;
  const said = run.stderr.trim().split("\n").filter(Boolean).at(-1) ?? "no answer";
  throw new Error(
    `No Kubernetes API server is reachable (KUBECONFIG=${env.KUBECONFIG ?? "~/.kube/config"}): kubectl said: ${said}\n` +
      START_A_CLUSTER,
  );
}

interface NodeList {
  items: {
    metadata: { name: string };
    status?: { conditions?: { type: string; status: string }[] };
  }[];
}

/**
 * A cluster whose pods run: an API server alone stores Deployments and never starts a pod, so
 * the checks that need running pods say so instead of timing out.
 */
export async function requireReadyNode(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  await requireCluster(env);
  const nodes = JSON.parse(await kubectl(["get", "nodes", "--output", "json"], env)) as NodeList;
  const ready = nodes.items.find((node) =>
    node.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"),
  );
  if (ready) return ready.metadata.name;
  throw new Error(
    `The cluster of KUBECONFIG=${env.KUBECONFIG ?? "~/.kube/config"} has no Ready node ` +
      `(${nodes.items.length} node(s)), so no pod can run: these checks deploy pods. ${START_A_CLUSTER}`,
  );
}

/** Creates a namespace of its own for one test run. */
export async function createNamespace(prefix: string): Promise<string> {
  const name = `${prefix}-${randomBytes(3).toString("hex")}`;
  await kubectl(["create", "namespace", name]);
  return name;
}

/** Deletes a namespace without waiting: a cluster without controllers never finishes it. */
export async function deleteNamespace(name: string): Promise<void> {
  await kubectl(["delete", "namespace", name, "--wait=false", "--ignore-not-found"]);
}
