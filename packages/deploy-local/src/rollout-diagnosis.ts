// Why a rollout did not finish, told from what the cluster recorded: the new ReplicaSet's and
// pods' status, their Warning events and the containers' last log lines. A bare "timed out"
// sends the user to five kubectl commands; this reads them and names the cause and the fix.

export interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

interface ContainerState {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string };
  terminated?: { exitCode?: number; reason?: string; message?: string };
}

export interface PodJson {
  metadata: { name: string };
  status?: {
    phase?: string;
    conditions?: Condition[];
    containerStatuses?: {
      name: string;
      ready?: boolean;
      restartCount?: number;
      state?: ContainerState;
      lastState?: ContainerState;
    }[];
  };
}

export interface EventJson {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  involvedObject?: { kind?: string; name?: string };
  lastTimestamp?: string | null;
  eventTime?: string | null;
}

export interface RolloutSnapshot {
  deployment: string;
  namespace: string;
  timeoutSeconds: number;
  image: string;
  /** The ReplicaSet of the revision being rolled out, when the controller made one. */
  replicaSet?: { name: string; conditions: Condition[] } | undefined;
  /** The pods of that ReplicaSet. */
  pods: PodJson[];
  /** Events of the namespace; only those about the ReplicaSet and its pods are told. */
  events: EventJson[];
  /** Last log lines per pod name, previous container's first when it restarted. */
  logs: Record<string, string>;
}

// Warnings that never stop a pod from becoming ready: a cluster without DNS falls back to the
// node's resolver and runs the pod anyway.
const NOT_A_CAUSE = new Set(["MissingClusterDNS"]);

type Cause = "image" | "crash" | "config" | "readiness" | "admission" | "scheduling" | "unknown";

const FIXES: Record<Cause, (snapshot: RolloutSnapshot) => string> = {
  image: ({ image }) =>
    `The node does not have the image ${image}. deploy:local builds it into the Docker engine ` +
    `and loads it into the cluster of kubectl's current context: check that this context is ` +
    `the cluster you meant (kubectl config current-context), and for kind, k3d or minikube ` +
    `that the load step printed no error.`,
  crash: () =>
    `The container exits instead of serving: its last log lines (above) say why. Run the image ` +
    `with docker run --read-only to reproduce it outside the cluster.`,
  config: () =>
    `The kubelet refused to start the container with this configuration (message above): fix ` +
    `the Deployment's securityContext, env or volumes, or the image's USER.`,
  readiness: () =>
    `The container runs but its readiness probe fails, so it never receives traffic: check ` +
    `that the app listens on the port named http (its PORT env must equal containerPort) and ` +
    `that the probe's path answers 200 once it has started; its log is above.`,
  admission: () =>
    `The API server refused to create the pods (message above): a quota, LimitRange or ` +
    `policy of the namespace forbids them. Fix the Deployment's resources or securityContext, ` +
    `or the namespace's policy.`,
  scheduling: () =>
    `No node can run the pod (message above): free resources or lower the Deployment's ` +
    `requests.`,
  unknown: ({ deployment, namespace }) =>
    `No pod became ready in time: see kubectl describe deployment/${deployment} --namespace ` +
    `${namespace}, and raise --timeout if the cluster is only slow.`,
};

function indent(text: string, by = "    "): string {
  return text
    .trimEnd()
    .split("\n")
    .map((line) => `${by}${line}`)
    .join("\n");
}

function stateLine(container: string, state: ContainerState | undefined, restarts: number): string {
  if (state?.waiting) {
    return `container ${container} waiting: ${state.waiting.reason ?? "?"}${state.waiting.message ? `: ${state.waiting.message}` : ""}`;
  }
  if (state?.terminated) {
    return `container ${container} terminated with exit code ${state.terminated.exitCode ?? "?"} (${state.terminated.reason ?? "?"})`;
  }
  if (state?.running) return `container ${container} running, not ready, ${restarts} restart(s)`;
  return `container ${container} not started`;
}

/** The cause the evidence points to, the most specific first. */
function causeOf(snapshot: RolloutSnapshot, events: EventJson[]): Cause {
  const statuses = snapshot.pods.flatMap((pod) => pod.status?.containerStatuses ?? []);
  const waiting = statuses.map((status) => status.state?.waiting?.reason ?? "");
  if (waiting.some((reason) => /ErrImage|ImagePull|InvalidImageName/.test(reason))) return "image";
  if (waiting.some((reason) => /CreateContainer/.test(reason))) return "config";
  const exited =
    waiting.includes("CrashLoopBackOff") ||
    statuses.some(
      (status) =>
        (status.lastState?.terminated?.exitCode ?? 0) !== 0 ||
        (status.state?.terminated?.exitCode ?? 0) !== 0,
    );
  if (exited) return "crash";
  const failure = snapshot.replicaSet?.conditions.find((c) => c.type === "ReplicaFailure");
  if (failure?.status === "True" || events.some((event) => event.reason === "FailedCreate")) {
    return "admission";
  }
  if (events.some((event) => event.reason === "FailedScheduling")) return "scheduling";
  if (events.some((event) => /^Readiness probe/.test(event.message ?? ""))) return "readiness";
  return "unknown";
}

/** The explanation printed when the rollout did not finish in time. */
export function diagnoseRollout(snapshot: RolloutSnapshot): string {
  const subjects = new Set([
    ...(snapshot.replicaSet ? [snapshot.replicaSet.name] : []),
    ...snapshot.pods.map((pod) => pod.metadata.name),
  ]);
  const events = snapshot.events.filter(
    (event) =>
      event.type === "Warning" &&
      !NOT_A_CAUSE.has(event.reason ?? "") &&
      subjects.has(event.involvedObject?.name ?? ""),
  );
  const out: string[] = [
    `deployment/${snapshot.deployment} did not become ready within ${snapshot.timeoutSeconds} s ` +
      `(namespace ${snapshot.namespace}, image ${snapshot.image}).`,
  ];
  const failure = snapshot.replicaSet?.conditions.find(
    (c) => c.type === "ReplicaFailure" && c.status === "True",
  );
  if (failure) {
    out.push(`  replicaset ${snapshot.replicaSet?.name}: ${failure.reason}: ${failure.message}`);
  }
  if (snapshot.pods.length === 0) out.push("  no pod of the new revision exists.");
  for (const pod of snapshot.pods) {
    const statuses = pod.status?.containerStatuses ?? [];
    const states = statuses.map((status) =>
      stateLine(status.name, status.state, status.restartCount ?? 0),
    );
    const last = statuses
      .filter((status) => status.lastState?.terminated)
      .map(
        (status) =>
          `last run of ${status.name} exited with code ${status.lastState?.terminated?.exitCode} (${status.lastState?.terminated?.reason})`,
      );
    out.push(
      `  pod ${pod.metadata.name} (${pod.status?.phase ?? "unknown phase"}): ${[...states, ...last].join("; ") || "no container started"}`,
    );
  }
  const seen = new Set<string>();
  for (const event of events) {
    const line = `${event.reason}: ${event.message?.trim()}`;
    if (seen.has(line)) continue;
    seen.add(line);
    const times = event.count && event.count > 1 ? ` (${event.count} times)` : "";
    out.push(`  event on ${event.involvedObject?.name}: ${line}${times}`);
  }
  for (const [pod, log] of Object.entries(snapshot.logs)) {
    if (log.trim() === "") continue;
    out.push(`  last log lines of ${pod}:`, indent(log));
  }
  out.push(FIXES[causeOf(snapshot, events)](snapshot));
  return out.join("\n");
}
