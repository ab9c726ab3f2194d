// Runs kubectl against the cluster of its current context (or of the KUBECONFIG given).
import { type ProcessRun, runProcess } from "./process.js";
import { UserError } from "./user-error.js";

export type KubectlFailure = "unreachable" | "not-found" | "forbidden" | "other";

/** Sorts kubectl's error output into the failures a user fixes differently. */
export function classifyKubectlError(stderr: string): KubectlFailure {
  if (
    /Unable to connect to the server|connection refused|was refused|no such host|i\/o timeout|TLS handshake timeout|dial tcp|couldn't get current server API group list/i.test(
      stderr,
    )
  ) {
    return "unreachable";
  }
  if (/\(NotFound\)|not found/i.test(stderr)) return "not-found";
  if (/\(Forbidden\)|\(Unauthorized\)|forbidden|unauthorized/i.test(stderr)) return "forbidden";
  return "other";
}

export class KubectlError extends UserError {
  override name = "KubectlError";
  constructor(
    readonly failure: KubectlFailure,
    readonly stderr: string,
    message: string,
  ) {
    super(message);
  }
}

/** Runs kubectl and reports how it ended; only a missing kubectl is an exception. */
export function runKubectl(args: readonly string[], env?: NodeJS.ProcessEnv): Promise<ProcessRun> {
  return runProcess("kubectl", args, { env });
}

/** Runs kubectl and returns its output; a failure becomes a KubectlError saying what to do. */
export async function kubectl(args: readonly string[], env?: NodeJS.ProcessEnv): Promise<string> {
  const run = await runKubectl(args, env);
  if (run.code === 0) return run.stdout;
  const stderr = run.stderr.trim() || `exit code ${run.code}, no output`;
  const kind = classifyKubectlError(stderr);
  if (kind === "other") {
    // What the server refused (an unknown field, an invalid object) is all in its words.
    throw new KubectlError(kind, stderr, `kubectl ${args.join(" ")} failed:\n${stderr}`);
  }
  const advice =
    kind === "unreachable"
      ? "No Kubernetes cluster is reachable: point kubectl at yours (KUBECONFIG, or kubectl config use-context) and check it with kubectl cluster-info."
      : kind === "forbidden"
        ? "The cluster refused these credentials: check your kubeconfig's user and its rights in this namespace."
        : `kubectl ${args.join(" ")} failed.`;
  // kubectl repeats its retries' errors; the last line is its conclusion.
  const conclusion = stderr.split("\n").filter(Boolean).at(-1) ?? stderr;
  throw new KubectlError(kind, stderr, `${advice}\nkubectl said: ${conclusion}`);
}
