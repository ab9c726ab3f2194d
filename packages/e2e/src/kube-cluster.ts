import { randomBytes } from "node:crypto";
import { kubectl, runKubectl } from "./kube-kubectl.js";

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
      'Point KUBECONFIG at a cluster, or on this project\'s CI machines run: eval "$(../shared/tools/kube-up)"',
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
