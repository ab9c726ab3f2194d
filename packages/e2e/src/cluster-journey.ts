// What every app goes through on a running cluster: pnpm deploy:local to Ready pods that answer
// through their Service, a source change rolled out under load, a scale to zero under load,
// and a delete that leaves nothing behind. Each step returns what it measured.
import { spawn } from "node:child_process";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { pnpmDeployLocal } from "./deploy-local-cli.js";
import { kubectl } from "@repo/workspace/kubectl";
import { readManifests } from "./kube-manifests.js";
import { type LoadReport, runLoad } from "./load-keep-alive.js";
import { addRevisionRoute } from "./source-change.js";

export interface AppOnCluster {
  root: string;
  app: string;
  namespace: string;
  deployment: string;
  service: string;
  /** The Deployment's pod selector, as kubectl's --selector takes it. */
  selector: string;
  replicas: number;
}

interface PodJson {
  metadata: { name: string; deletionTimestamp?: string };
  spec: { containers: { image: string }[] };
  status?: { conditions?: { type: string; status: string }[] };
}

/** Reads the names kubectl needs from the app's manifests. */
export async function appOnCluster(
  root: string,
  app: string,
  namespace: string,
): Promise<AppOnCluster> {
  const objects = await readManifests(path.join(root, "apps", app, "kubernetes"));
  const deployment = objects.find((object) => object.kind === "Deployment");
  const service = objects.find((object) => object.kind === "Service");
  if (!deployment || !service)
    throw new Error(`apps/${app}/kubernetes lacks a Deployment or Service`);
  const spec = deployment.spec as {
    replicas?: number;
    selector: { matchLabels: Record<string, string> };
  };
  return {
    root,
    app,
    namespace,
    deployment: deployment.metadata.name,
    service: service.metadata.name,
    selector: Object.entries(spec.selector.matchLabels)
      .map(([key, value]) => `${key}=${value}`)
      .join(","),
    replicas: spec.replicas ?? 1,
  };
}

export async function pods(target: AppOnCluster): Promise<PodJson[]> {
  const list = JSON.parse(
    await kubectl([
      "get",
      "pods",
      "--namespace",
      target.namespace,
      "--selector",
      target.selector,
      "--output",
      "json",
    ]),
  ) as { items: PodJson[] };
  return list.items;
}

export const isReady = (pod: PodJson) =>
  !pod.metadata.deletionTimestamp &&
  (pod.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");

/** Polls until `check` returns a value, or fails after `timeoutMs` with what it last saw. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 180_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(1_000);
  }
}

export async function clusterIp(target: AppOnCluster): Promise<string> {
  const ip = await kubectl([
    "get",
    "service",
    target.service,
    "--namespace",
    target.namespace,
    "--output",
    "jsonpath={.spec.clusterIP}:{.spec.ports[0].port}",
  ]);
  return `http://${ip}`;
}

export async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: the text itself is what the test compares.
  }
  return { status: response.status, body };
}

/** `pnpm deploy:local <app>`; throws with its output unless it succeeded and said so. */
export async function deployLocal(
  target: AppOnCluster,
): Promise<{ image: string; output: string; seconds: number; applyToReadySeconds: number }> {
  const started = Date.now();
  const run = await pnpmDeployLocal(target.root, [
    target.app,
    "--namespace",
    target.namespace,
    "--timeout",
    "300",
  ]);
  const seconds = (Date.now() - started) / 1000;
  const image = new RegExp(
    `^${target.app} is ready in namespace ${target.namespace}, running (shipyard-local/${target.app}:[0-9a-f]{12})\\. Reach it:$`,
    "m",
  ).exec(run.output)?.[1];
  const forward = `kubectl port-forward --namespace ${target.namespace} service/${target.service} 8080:80`;
  if (run.code !== 0 || !image || !run.output.includes(forward)) {
    throw new Error(
      `pnpm deploy:local ${target.app} exited ${run.code} without saying it is ready, running ` +
        `a local image, and how to port-forward to it:\n${run.output}`,
    );
  }
  const at = (prefix: string) => run.lines.find((line) => line.text.startsWith(prefix))?.at ?? NaN;
  const applyToReadySeconds = (at(`${target.app} is ready`) - at("deploy:local: applying")) / 1000;
  return { image, output: run.output, seconds, applyToReadySeconds };
}

/** Every pod of the Deployment ready, none terminating, all running `image`. */
export async function readyPods(target: AppOnCluster, image: string): Promise<string[]> {
  return waitFor(`${target.replicas} ready pod(s) running ${image}`, async () => {
    const all = await pods(target);
    const current = all.filter((pod) => pod.spec.containers[0]?.image === image && isReady(pod));
    return current.length === target.replicas && all.length === target.replicas
      ? current.map((pod) => pod.metadata.name)
      : undefined;
  });
}

/** Load on the Service's ClusterIP until `until` settles; a bounded, keep-alive pool. */
function loadOnService(
  url: string,
  until: Promise<unknown>,
  maxDurationMs = 420_000,
): Promise<LoadReport> {
  return runLoad({
    target: () => url,
    path: "/",
    connections: 16,
    pauseMs: 20,
    until,
    maxDurationMs,
  });
}

export interface RolloutMeasure {
  load: LoadReport;
  before: string[];
  after: string[];
  image: string;
}

/** Changes the source, rolls it out with deploy:local under load, waits for the old pods to go. */
export async function rolloutSourceChange(
  target: AppOnCluster,
  oldImage: string,
): Promise<RolloutMeasure> {
  const url = await clusterIp(target);
  const before = (await pods(target)).map((pod) => pod.metadata.name);
  await addRevisionRoute(target.root, target.app, "2");
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const load = loadOnService(url, finished);
  try {
    const { image } = await deployLocal(target);
    if (image === oldImage) throw new Error(`the changed source built the same image ${image}`);
    // The old pods drain under the same load until they are gone.
    const after = await readyPods(target, image);
    done();
    return { load: await load, before, after, image };
  } finally {
    done();
    await load;
  }
}

interface EndpointsJson {
  subsets?: { addresses?: { ip: string }[]; ports?: { name?: string; port: number }[] }[];
}

interface EndpointsWatch {
  /** The ready endpoints as last seen, as base URLs (http://<pod IP>:<port>). */
  ready: () => string[];
  /** Resolves when the endpoints list no ready address any more. */
  emptied: Promise<void>;
  stop: () => void;
}

/** Follows the Service's endpoints as an ingress controller does, with a watch. */
function watchEndpoints(target: AppOnCluster): EndpointsWatch {
  // JSON, not a jsonpath template: kubectl prints nothing for an object the template cannot
  // walk, and an Endpoints object without addresses has no subsets at all.
  const watch = spawn(
    "kubectl",
    [
      "get",
      "endpoints",
      target.service,
      "--namespace",
      target.namespace,
      "--watch",
      "--output",
      "json",
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  let ready: string[] = [];
  const emptied = new Promise<void>((resolve) => {
    let pending = "";
    watch.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      pending += chunk;
      // Each object is printed indented, its closing brace alone at the start of a line.
      let end: number;
      while ((end = pending.indexOf("\n}")) !== -1) {
        const object = JSON.parse(pending.slice(0, end + 2)) as EndpointsJson;
        pending = pending.slice(end + 2);
        ready = (object.subsets ?? []).flatMap((subset) => {
          const port = subset.ports?.find((p) => p.name === "http") ?? subset.ports?.[0];
          if (!port) return [];
          return (subset.addresses ?? []).map(({ ip }) => `http://${ip}:${port.port}`);
        });
        if (ready.length === 0) resolve();
      }
    });
  });
  return { ready: () => ready, emptied, stop: () => watch.kill() };
}

/**
 * Scales to zero under load sent the way an ingress controller sends it: straight to the pods
 * the Service's endpoints list, each request to one listed when it leaves, until none is left.
 * A pod removed from the list may still get requests for a moment, as from a real ingress:
 * those must succeed. (Through the ClusterIP instead, kube-proxy refuses connections itself as
 * soon as the list is empty, before any watcher can stop sending: refusals that say nothing of
 * the pods.)
 */
export async function scaleToZero(target: AppOnCluster): Promise<LoadReport> {
  const endpoints = watchEndpoints(target);
  try {
    const first = await waitFor("the Service's endpoints", () =>
      Promise.resolve(endpoints.ready().length > 0 ? endpoints.ready() : undefined),
    );
    let last = first[0] as string;
    let turn = 0;
    const load = runLoad({
      target: () => {
        const ready = endpoints.ready();
        if (ready.length > 0) last = ready[turn++ % ready.length] as string;
        return last;
      },
      path: "/",
      connections: 16,
      pauseMs: 20,
      until: endpoints.emptied,
      maxDurationMs: 120_000,
    });
    await sleep(2_000);
    await kubectl([
      "scale",
      `deployment/${target.deployment}`,
      "--replicas=0",
      "--namespace",
      target.namespace,
    ]);
    const report = await load;
    await waitFor("every pod gone", async () =>
      (await pods(target)).length === 0 ? true : undefined,
    );
    return report;
  } finally {
    endpoints.stop();
  }
}

/** `kubectl delete -f apps/<app>/kubernetes`, then nothing of the app is left. */
export async function deleteApp(target: AppOnCluster): Promise<void> {
  await kubectl([
    "delete",
    "--namespace",
    target.namespace,
    "--filename",
    path.join(target.root, "apps", target.app, "kubernetes"),
    "--wait=true",
    "--timeout=120s",
  ]);
  await waitFor("the app's objects gone", async () => {
    const left = await kubectl([
      "get",
      "deployments,replicasets,pods,services,ingresses,endpoints",
      "--namespace",
      target.namespace,
      "--selector",
      target.selector,
      "--output",
      "name",
    ]);
    return left.trim() === "" ? true : undefined;
  });
}
