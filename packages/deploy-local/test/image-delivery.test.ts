import { describe, expect, it } from "vitest";
import { type ClusterFacts, imageDelivery } from "../src/image-delivery.js";

const image = "shipyard-local/demo:0123456789ab";

function facts(overrides: Partial<ClusterFacts>): ClusterFacts {
  return {
    context: "some-cluster",
    server: "https://10.0.0.5:6443",
    nodes: [
      {
        name: "node-1",
        labels: {},
        containerRuntime: "containerd://1.7.13",
        addresses: ["10.0.0.5"],
      },
    ],
    localAddresses: ["127.0.0.1", "192.168.1.20"],
    ...overrides,
  };
}

describe("imageDelivery", () => {
  it("loads into kind and k3d clusters with their own commands, named from the context", () => {
    expect(imageDelivery(facts({ context: "kind-dev" }), image)).toMatchObject({
      kind: "command",
      command: ["kind", "load", "docker-image", image, "--name", "dev"],
    });
    expect(imageDelivery(facts({ context: "k3d-shop" }), image)).toMatchObject({
      kind: "command",
      command: ["k3d", "image", "import", image, "--cluster", "shop"],
    });
  });

  it("uses minikube's engine directly under its docker-env, and loads the image otherwise", () => {
    const node = {
      name: "minikube",
      labels: { "minikube.k8s.io/name": "minikube" },
      containerRuntime: "docker://24.0.7",
      addresses: ["192.168.49.2"],
    };
    expect(
      imageDelivery(
        facts({ context: "minikube", nodes: [node], minikubeActiveDockerd: "minikube" }),
        image,
      ),
    ).toMatchObject({ kind: "shared" });
    expect(imageDelivery(facts({ context: "minikube", nodes: [node] }), image)).toMatchObject({
      kind: "command",
      command: ["minikube", "image", "load", image, "--profile", "minikube"],
    });
  });

  it("uses Docker Desktop's engine directly", () => {
    expect(imageDelivery(facts({ context: "docker-desktop" }), image).kind).toBe("shared");
  });

  it("uses the engine directly for a one-node cluster on this machine's Docker", () => {
    const local = facts({
      nodes: [
        {
          name: "box",
          labels: {},
          containerRuntime: "docker://20.10.24",
          addresses: ["192.168.1.20"],
        },
      ],
    });
    expect(imageDelivery(local, image)).toMatchObject({
      kind: "shared",
      why: "node box runs its pods on this machine's Docker engine",
    });
    // The same node, but docker talks to a remote engine: not the node's.
    expect(imageDelivery({ ...local, dockerHost: "tcp://10.0.0.9:2376" }, image).kind).toBe(
      "unsupported",
    );
  });

  it("tells the user to push and roll out for any other cluster", () => {
    const result = imageDelivery(facts({}), image);
    expect(result.kind).toBe("unsupported");
    expect(result.kind === "unsupported" && result.message).toMatch(
      /^The cluster of context some-cluster \(https:\/\/10\.0\.0\.5:6443\) cannot use an image built here: .* pnpm rollout <app>\.$/,
    );
  });
});
