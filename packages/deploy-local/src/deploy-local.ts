// The inner loop from source to running pods on a local cluster: build, hand the image to the
// cluster, apply the app's manifests with that image, wait, and say how to reach it, or why
// the pods never became ready.
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { isDnsLabel } from "@repo/workspace/dns-names";
import { KubectlError, kubectl } from "@repo/workspace/kubectl";
import { readCurrentCluster } from "./cluster-facts.js";
import { DeployLocalError } from "./deploy-local-error.js";
import { imageDelivery } from "./image-delivery.js";
import { localImageReference } from "./local-image.js";
import { localManifests, readManifestFiles } from "./local-manifests.js";
import { howToReach } from "./reach.js";
import {
  type Condition,
  diagnoseRollout,
  type EventJson,
  type PodJson,
} from "./rollout-diagnosis.js";
import { runVisibly } from "@repo/workspace/process";

export interface DeployLocalRequest {
  root: string;
  app: string;
  namespace?: string | undefined;
  timeoutSeconds: number;
  /** Progress and the final report; errors are thrown instead. */
  say: (line: string) => void;
}

function checkApp(root: string, app: string): void {
  const dir = path.join(root, "apps", app);
  const missing = ["Dockerfile", "kubernetes"].filter((file) => !existsSync(path.join(dir, file)));
  if (isDnsLabel(app) && missing.length === 0) return;
  throw new DeployLocalError(
    `unknown app "${app}": apps/${app} needs a Dockerfile and a kubernetes/ folder` +
      (missing.length > 0 && existsSync(dir) ? ` (missing: ${missing.join(", ")}).` : "."),
  );
}

/** Builds the app's image and returns its id; the build's output streams to stderr. */
async function buildImage(root: string, app: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "deploy-local-"));
  try {
    const iidfile = path.join(dir, "image-id");
    const args = ["build", "-f", `apps/${app}/Dockerfile`, "--iidfile", iidfile];
    // Where the build's RUN steps reach the package registry, when the engine needs one named.
    if (process.env.DOCKER_NETWORK) args.push("--network", process.env.DOCKER_NETWORK);
    args.push(".");
    const build = await runVisibly("docker", args, {
      cwd: root,
      env: { DOCKER_BUILDKIT: "1", ...process.env },
    });
    if (build.code !== 0) {
      throw new DeployLocalError(
        `docker build -f apps/${app}/Dockerfile . failed (exit ${build.code}); its last lines:\n${build.tail}`,
      );
    }
    return (await readFile(iidfile, "utf8")).trim();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function ensureNamespace(namespace: string): Promise<void> {
  try {
    await kubectl(["get", "namespace", namespace, "--output", "name"]);
  } catch (error) {
    if (error instanceof KubectlError && error.failure === "not-found") {
      throw new DeployLocalError(
        `namespace ${namespace} does not exist: create it with kubectl create namespace ${namespace}, or leave --namespace out.`,
      );
    }
    throw error;
  }
}

async function applyYaml(yaml: string, namespace: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "deploy-local-"));
  try {
    const file = path.join(dir, "manifests.yaml");
    await writeFile(file, yaml);
    return await kubectl(["apply", "--namespace", namespace, "--filename", file]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface Labelled {
  metadata: {
    name: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
}

async function getJson<T>(args: string[]): Promise<T> {
  return JSON.parse(await kubectl([...args, "--output", "json"])) as T;
}

/** Reads what the cluster recorded about the revision being rolled out. */
async function explainRollout(
  deployment: string,
  namespace: string,
  image: string,
  timeoutSeconds: number,
): Promise<string> {
  const ns = ["--namespace", namespace];
  const live = await getJson<
    Labelled & { spec: { selector: { matchLabels?: Record<string, string> } } }
  >(["get", "deployment", deployment, ...ns]);
  const selector = Object.entries(live.spec.selector.matchLabels ?? {})
    .map(([key, value]) => `${key}=${value}`)
    .join(",");
  const revision = live.metadata.annotations?.["deployment.kubernetes.io/revision"];
  const sets = await getJson<{ items: (Labelled & { status?: { conditions?: Condition[] } })[] }>([
    "get",
    "replicasets",
    "--selector",
    selector,
    ...ns,
  ]);
  const current = sets.items.find(
    (set) => set.metadata.annotations?.["deployment.kubernetes.io/revision"] === revision,
  );
  const hash = current?.metadata.labels?.["pod-template-hash"];
  const pods = current
    ? (
        await getJson<{ items: PodJson[] }>([
          "get",
          "pods",
          "--selector",
          `${selector},pod-template-hash=${hash}`,
          ...ns,
        ])
      ).items
    : [];
  const events = (await getJson<{ items: EventJson[] }>(["get", "events", ...ns])).items;
  const logs: Record<string, string> = {};
  for (const pod of pods.slice(0, 2)) {
    const restarted = (pod.status?.containerStatuses ?? []).some((s) => (s.restartCount ?? 0) > 0);
    const args = ["logs", pod.metadata.name, ...ns, "--tail", "20", "--all-containers"];
    logs[pod.metadata.name] = await kubectl(restarted ? [...args, "--previous"] : args).catch(
      () => "",
    );
  }
  return diagnoseRollout({
    deployment,
    namespace,
    timeoutSeconds,
    image,
    replicaSet: current
      ? { name: current.metadata.name, conditions: current.status?.conditions ?? [] }
      : undefined,
    pods,
    events,
    logs,
  });
}

async function ingressClasses(): Promise<string[]> {
  try {
    const list = await getJson<{ items: Labelled[] }>(["get", "ingressclasses"]);
    return list.items.map((item) => item.metadata.name);
  } catch {
    return [];
  }
}

export interface DeployLocalResult {
  image: string;
  namespace: string;
  deployments: string[];
}

export async function deployLocal(request: DeployLocalRequest): Promise<DeployLocalResult> {
  const { root, app, say } = request;
  checkApp(root, app);
  const files = await readManifestFiles(root, app);
  // Read now: a manifest mistake must not wait for a build.
  localManifests(files, app, "placeholder/check:only");
  const cluster = await readCurrentCluster();
  const namespace = request.namespace ?? cluster.namespace;
  await ensureNamespace(namespace);

  say(`deploy:local: building apps/${app}/Dockerfile`);
  const imageId = await buildImage(root, app);
  const image = localImageReference(app, imageId);
  const tagged = await runVisibly("docker", ["tag", imageId, image]);
  if (tagged.code !== 0) throw new DeployLocalError(`docker tag failed:\n${tagged.tail}`);

  const delivery = imageDelivery(cluster, image);
  if (delivery.kind === "unsupported") throw new DeployLocalError(delivery.message);
  say(`deploy:local: image ${image}; ${delivery.why}`);
  if (delivery.kind === "command") {
    say(`deploy:local: ${delivery.command.join(" ")}`);
    const [command, ...args] = delivery.command as [string, ...string[]];
    const loaded = await runVisibly(command, args);
    if (loaded.code !== 0) {
      throw new DeployLocalError(
        `${delivery.command.join(" ")} failed (exit ${loaded.code}): the cluster cannot get the image. Its last lines:\n${loaded.tail}`,
      );
    }
  }

  const manifests = localManifests(files, app, image);
  say(
    `deploy:local: applying apps/${app}/kubernetes with image ${image} in namespace ${namespace}`,
  );
  say((await applyYaml(manifests.yaml, namespace)).trimEnd());
  for (const deployment of manifests.deployments) {
    say(`deploy:local: waiting up to ${request.timeoutSeconds} s for deployment/${deployment}`);
    try {
      await kubectl([
        "rollout",
        "status",
        `deployment/${deployment}`,
        "--namespace",
        namespace,
        `--timeout=${request.timeoutSeconds}s`,
      ]);
    } catch (error) {
      if (!(error instanceof KubectlError) || error.failure === "unreachable") throw error;
      throw new DeployLocalError(
        await explainRollout(deployment, namespace, image, request.timeoutSeconds),
      );
    }
  }
  say(`${app} is ready in namespace ${namespace}, running ${image}. Reach it:`);
  for (const line of howToReach({ manifests, namespace, ingressClasses: await ingressClasses() })) {
    say(line);
  }
  return { image, namespace, deployments: manifests.deployments };
}
