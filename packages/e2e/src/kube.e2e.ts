import { rm, writeFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { imageRepository, ingressHost, loadDeployConfig } from "@repo/workspace/deploy-config";
import { deployableApps } from "@repo/workspace/apps";
import { repositoryRoot as root } from "@repo/workspace/repository-root";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNamespace, deleteNamespace, requireCluster } from "./kube-cluster.js";
import { freePort } from "@repo/workspace/free-port";
import { kubectl } from "@repo/workspace/kubectl";
import { isDeployment, isIngress, isService } from "@repo/workspace/manifests";
import { applyManifests, editedCopy, type KubeObject, readManifests } from "./kube-manifests.js";

const apps = deployableApps(root);
const config = await loadDeployConfig(root);

/** The object, typed by the guard of its kind; anything else fails the test. */
function asKind<T>(guard: (object: unknown) => object is T, object: unknown): T {
  if (!guard(object))
    throw new Error(`not the expected kind: ${JSON.stringify(object).slice(0, 200)}`);
  return object;
}

function only(objects: KubeObject[], kind: string): KubeObject {
  const found = objects.filter((object) => object.kind === kind);
  expect(found, `one ${kind}`).toHaveLength(1);
  return found[0] as KubeObject;
}

async function live(kind: string, name: string, namespace: string): Promise<KubeObject> {
  return JSON.parse(
    await kubectl(["get", kind, name, "--namespace", namespace, "--output", "json"]),
  ) as KubeObject;
}

describe("without a reachable cluster", () => {
  it("fails with a message that says so and how to get one", async () => {
    // A port that was free a moment ago: nothing listens there.
    const port = await freePort();
    const dir = await mkdtemp(path.join(tmpdir(), "kube-closed-"));
    const kubeconfig = path.join(dir, "kubeconfig");
    await writeFile(
      kubeconfig,
      [
        "apiVersion: v1",
        "kind: Config",
        "clusters: [{name: closed, cluster: {server: 'https://127.0.0.1:" + String(port) + "'}}]",
        "users: [{name: closed, user: {token: none}}]",
        "contexts: [{name: closed, context: {cluster: closed, user: closed}}]",
        "current-context: closed",
        "",
      ].join("\n"),
    );
    try {
      await expect(requireCluster({ ...process.env, KUBECONFIG: kubeconfig })).rejects.toThrow(
        new RegExp(
          `^No Kubernetes API server is reachable \\(KUBECONFIG=${kubeconfig}\\): kubectl said: .*127\\.0\\.0\\.1:${port}.*refused[^\\n]*\n` +
            "Start a local cluster \\(kind create cluster, k3d cluster create, minikube start, or " +
            "Kubernetes in Docker Desktop's settings\\) or point KUBECONFIG at one\\. " +
            "pnpm test:e2e:docker runs the checks that need only Docker\\.$",
        ),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("Kubernetes manifests against a real API server", () => {
  let server = "";
  const namespaces: string[] = [];

  beforeAll(async () => {
    server = await requireCluster();
  });
  afterAll(async () => {
    for (const namespace of namespaces) await deleteNamespace(namespace);
  });

  it("finds the apps to deploy", () => {
    expect(server).toMatch(/^v1\.\d+/);
    expect(apps).toContain("demo");
  });

  describe.each(apps)("apps/%s/kubernetes", (app) => {
    const dir = path.join(root, "apps", app, "kubernetes");
    let namespace = "";
    let manifests: KubeObject[] = [];

    beforeAll(async () => {
      manifests = await readManifests(dir);
      namespace = await createNamespace(`e2e-${app}`);
      namespaces.push(namespace);
    });

    it("holds a Deployment, a Service and an Ingress in the stable APIs", () => {
      expect(manifests.map((o) => `${o.apiVersion} ${o.kind}`).sort()).toEqual([
        "apps/v1 Deployment",
        "networking.k8s.io/v1 Ingress",
        "v1 Service",
      ]);
    });

    it("passes the API server's validation (kubectl apply --dry-run=server)", async () => {
      const output = await applyManifests(dir, namespace, true);
      expect(output).toMatch(/deployment\.apps\/\S+ created \(server dry run\)/);
      await expect(
        kubectl(["get", "deployments", "--namespace", namespace, "--output", "name"]),
      ).resolves.toBe("");
    });

    it("applies, and every object is stored as written", async () => {
      const output = await applyManifests(dir, namespace, false);
      expect(output.trim().split("\n")).toHaveLength(manifests.length);
      for (const object of manifests) {
        // The server adds defaults and status; everything the file says must be there unchanged.
        expect(await live(object.kind, object.metadata.name, namespace)).toMatchObject(object);
      }
    });

    it("runs the image CI pushes, on the port, probes and security settings the runtime expects", async () => {
      const deployment = asKind(
        isDeployment,
        await live("deployment", only(manifests, "Deployment").metadata.name, namespace),
      );
      const spec = deployment.spec;
      expect(deployment.metadata?.labels?.["app.kubernetes.io/name"]).toBe(app);
      expect(spec?.selector.matchLabels).toEqual({ "app.kubernetes.io/name": app });
      expect(spec?.template.metadata?.labels).toMatchObject(spec?.selector.matchLabels ?? {});
      expect(spec?.strategy).toMatchObject({
        type: "RollingUpdate",
        rollingUpdate: { maxUnavailable: 0 },
      });

      const pod = spec?.template.spec;
      expect(pod?.automountServiceAccountToken).toBe(false);
      expect(pod?.terminationGracePeriodSeconds).toBe(20);
      expect(pod?.securityContext).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: "RuntimeDefault" },
      });

      expect(pod?.containers).toHaveLength(1);
      const container = pod?.containers[0];
      if (!container) throw new Error("the Deployment has no container");
      // Immutable: the sha-<commit> tag CI writes back, pinned by digest once built.
      expect(container.image).toMatch(
        new RegExp(
          `^${imageRepository(config, app).replaceAll(".", "\\.")}:sha-[0-9a-f]{7}(?:@sha256:[0-9a-f]{64})?$`,
        ),
      );
      const http = container.ports?.find((port) => port.name === "http");
      expect(http, "a container port named http").toBeDefined();
      expect(container.env).toContainEqual({ name: "PORT", value: String(http?.containerPort) });
      expect(container.readinessProbe?.httpGet).toMatchObject({ path: "/readyz", port: "http" });
      expect(container.livenessProbe?.httpGet).toMatchObject({ path: "/healthz", port: "http" });
      expect(Object.keys(container.resources?.requests ?? {}).sort()).toEqual(["cpu", "memory"]);
      expect(container.resources?.limits?.memory).toBeDefined();
      expect(container.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
      });
    });

    it("is reachable through its Service and Ingress at <app>.<domain>", async () => {
      const deployment = asKind(isDeployment, only(manifests, "Deployment"));
      const podLabels = deployment.spec?.template.metadata?.labels;
      const service = asKind(
        isService,
        await live("service", only(manifests, "Service").metadata.name, namespace),
      );
      const serviceSpec = service.spec;
      expect(serviceSpec?.selector).toBeDefined();
      expect(podLabels).toMatchObject(serviceSpec?.selector ?? {});
      expect(serviceSpec?.ports).toContainEqual(
        expect.objectContaining({ name: "http", port: 80, targetPort: "http" }),
      );

      const ingress = asKind(
        isIngress,
        await live("ingress", only(manifests, "Ingress").metadata.name, namespace),
      );
      const ingressSpec = ingress.spec;
      expect(ingressSpec?.ingressClassName).toBe(config.ingressClass);
      expect(ingressSpec?.rules?.map((rule) => rule.host)).toEqual([ingressHost(config, app)]);
      const backend = ingressSpec?.rules?.[0]?.http?.paths[0]?.backend.service;
      expect(backend).toEqual({ name: service.metadata?.name, port: { name: "http" } });
    });

    it("is removed by kubectl delete -f", async () => {
      await kubectl(["delete", "--namespace", namespace, "--filename", dir, "--wait=false"]);
      for (const object of manifests) {
        await expect(live(object.kind, object.metadata.name, namespace)).rejects.toThrow(
          /NotFound/,
        );
      }
    });
  });
});

describe("a broken manifest fails the checks", () => {
  const demo = path.join(root, "apps", "demo", "kubernetes");
  const copies: string[] = [];
  let namespace = "";

  beforeAll(async () => {
    await requireCluster();
    namespace = await createNamespace("e2e-broken");
  });
  afterAll(async () => {
    if (namespace) await deleteNamespace(namespace);
    for (const copy of copies) await rm(copy, { recursive: true, force: true });
  });

  function containers(objects: KubeObject[]): Record<string, unknown>[] {
    const containers = asKind(isDeployment, objects[0]).spec?.template.spec?.containers ?? [];
    // Edited as plain records: the edits write what no Container type allows.
    return containers as unknown as Record<string, unknown>[];
  }

  it("with an unknown field", async () => {
    const copy = await editedCopy(demo, "deployment.yaml", (objects) => {
      const [container] = containers(objects);
      if (!container) throw new Error("the demo's Deployment has no container");
      container.imagee = container.image;
      delete container.image;
    });
    copies.push(copy);
    await expect(applyManifests(copy, namespace, true)).rejects.toThrow(/unknown field "imagee"/);
  });

  it("with a selector that does not match the pod labels", async () => {
    const copy = await editedCopy(demo, "deployment.yaml", (objects) => {
      const selector = asKind(isDeployment, objects[0]).spec?.selector.matchLabels;
      if (!selector) throw new Error("the demo's Deployment has no selector labels");
      selector["app.kubernetes.io/name"] = "not-demo";
    });
    copies.push(copy);
    await expect(applyManifests(copy, namespace, true)).rejects.toThrow(
      /`selector` does not match template `labels`/,
    );
  });
});
