// What kubectl's current context says about its cluster, read before anything is built so that
// a missing or unreachable cluster costs one sentence, not a build.
import { createServer, isIP } from "node:net";
import { KubectlError, kubectl } from "@repo/workspace/kubectl";
import { DeployLocalError } from "./deploy-local-error.js";
import type { ClusterFacts, NodeFacts } from "./image-delivery.js";

const START_ONE =
  "start one (kind, k3d, minikube or Docker Desktop's Kubernetes) or point kubectl at yours " +
  "(kubectl config use-context <name>)";

interface KubeconfigView {
  contexts?: { name: string; context?: { cluster?: string; namespace?: string } }[];
  clusters?: { name: string; cluster?: { server?: string } }[];
}

interface NodeList {
  items: {
    metadata: { name: string; labels?: Record<string, string> };
    status?: {
      nodeInfo?: { containerRuntimeVersion?: string };
      addresses?: { type: string; address: string }[];
    };
  }[];
}

export interface CurrentCluster extends ClusterFacts {
  /** The context's namespace, or default. */
  namespace: string;
}

async function currentContext(): Promise<string> {
  try {
    return (await kubectl(["config", "current-context"])).trim();
  } catch (error) {
    if (error instanceof KubectlError && error.failure !== "unreachable") {
      throw new DeployLocalError(`kubectl has no current context: ${START_ONE}.`);
    }
    throw error;
  }
}

export async function readCurrentCluster(): Promise<CurrentCluster> {
  const context = await currentContext();
  const view = JSON.parse(
    await kubectl(["config", "view", "--minify", "--output", "json"]),
  ) as KubeconfigView;
  const server = view.clusters?.[0]?.cluster?.server ?? "no server";
  const namespace = view.contexts?.[0]?.context?.namespace ?? "default";
  let nodes: NodeList;
  try {
    nodes = JSON.parse(
      await kubectl(["get", "nodes", "--output", "json", "--request-timeout=20s"]),
    ) as NodeList;
  } catch (error) {
    if (error instanceof KubectlError && error.failure === "unreachable") {
      throw new DeployLocalError(
        `No Kubernetes cluster answers at ${server} (kubectl context ${context}): ${START_ONE}.`,
      );
    }
    throw error;
  }
  const nodeAddresses = nodes.items.flatMap((item) =>
    (item.status?.addresses ?? []).map((address) => address.address),
  );
  const localAddresses: string[] = [];
  for (const address of nodeAddresses) {
    if (await isLocalAddress(address)) localAddresses.push(address);
  }
  return {
    context,
    server,
    namespace,
    nodes: nodes.items.map((item): NodeFacts => ({
      name: item.metadata.name,
      labels: item.metadata.labels ?? {},
      containerRuntime: item.status?.nodeInfo?.containerRuntimeVersion ?? "",
      addresses: (item.status?.addresses ?? []).map((address) => address.address),
    })),
    localAddresses,
    dockerHost: process.env.DOCKER_HOST,
    minikubeActiveDockerd: process.env.MINIKUBE_ACTIVE_DOCKERD,
  };
}

/**
 * Whether this machine owns `address`: only a local address can be bound. Listing the network
 * interfaces is not enough: a bridge without any pod on it is down and left out of the list.
 */
function isLocalAddress(address: string): Promise<boolean> {
  if (isIP(address) === 0) return Promise.resolve(false);
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(0, address, () => server.close(() => resolve(true)));
  });
}
