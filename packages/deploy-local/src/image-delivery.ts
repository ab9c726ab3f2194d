// How an image built by the local Docker engine reaches the cluster of kubectl's current
// context: some clusters run their pods on that very engine, others need the image copied in,
// and for any other cluster a registry is the only way.

export interface ClusterFacts {
  /** kubectl's current context. */
  context: string;
  /** The API server's URL from the kubeconfig. */
  server: string;
  nodes: NodeFacts[];
  /** The nodes' addresses that belong to this machine. */
  localAddresses: string[];
  /** The engine the docker CLI talks to (unset: the default local socket). */
  dockerHost?: string | undefined;
  /** Set by `eval $(minikube -p <profile> docker-env)`: the profile whose engine docker uses. */
  minikubeActiveDockerd?: string | undefined;
}

export interface NodeFacts {
  name: string;
  labels: Record<string, string>;
  /** status.nodeInfo.containerRuntimeVersion, e.g. docker://20.10.24 or containerd://1.7.1. */
  containerRuntime: string;
  addresses: string[];
}

export type ImageDelivery =
  | { kind: "shared"; why: string }
  | { kind: "command"; why: string; command: string[] }
  | { kind: "unsupported"; message: string };

const MINIKUBE_PROFILE_LABEL = "minikube.k8s.io/name";

function dockerIsLocal(dockerHost: string | undefined): boolean {
  return !dockerHost || dockerHost.startsWith("unix://") || dockerHost.startsWith("npipe://");
}

/** Decides, from what kubectl and this machine say, how to give the cluster the image. */
export function imageDelivery(facts: ClusterFacts, image: string): ImageDelivery {
  const { context, nodes } = facts;
  const kind = /^kind-(.+)$/.exec(context)?.[1];
  if (kind) {
    return {
      kind: "command",
      why: `context ${context} is the kind cluster "${kind}"`,
      command: ["kind", "load", "docker-image", image, "--name", kind],
    };
  }
  const k3d = /^k3d-(.+)$/.exec(context)?.[1];
  if (k3d) {
    return {
      kind: "command",
      why: `context ${context} is the k3d cluster "${k3d}"`,
      command: ["k3d", "image", "import", image, "--cluster", k3d],
    };
  }
  const minikube = nodes.map((node) => node.labels[MINIKUBE_PROFILE_LABEL]).find(Boolean);
  if (minikube) {
    if (facts.minikubeActiveDockerd === minikube) {
      return {
        kind: "shared",
        why: `docker builds in minikube's own engine (minikube -p ${minikube} docker-env)`,
      };
    }
    return {
      kind: "command",
      why: `context ${context} is the minikube profile "${minikube}", whose engine is not the one docker uses`,
      command: ["minikube", "image", "load", image, "--profile", minikube],
    };
  }
  if (context === "docker-desktop" || context === "docker-for-desktop") {
    return { kind: "shared", why: "Docker Desktop's Kubernetes runs pods on its own engine" };
  }
  // A cluster whose one node is this machine, running pods on Docker (dockershim or
  // cri-dockerd), uses the engine the docker CLI talks to when that engine is local too.
  const local = new Set(facts.localAddresses);
  const [node] = nodes;
  if (
    nodes.length === 1 &&
    node?.containerRuntime.startsWith("docker://") &&
    node.addresses.some((address) => local.has(address)) &&
    dockerIsLocal(facts.dockerHost)
  ) {
    return {
      kind: "shared",
      why: `node ${node.name} runs its pods on this machine's Docker engine`,
    };
  }
  return {
    kind: "unsupported",
    message:
      `The cluster of context ${context} (${facts.server}) cannot use an image built here: it is not ` +
      `Docker Desktop, minikube, kind or k3d, nor a one-node cluster on this machine's Docker engine. ` +
      `Push the image to a registry the cluster can pull from (git push: CI builds and pushes it) ` +
      `and roll it out with pnpm rollout <app>.`,
  };
}
