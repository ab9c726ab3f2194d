import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { RolloutError } from "./rollout-error.js";

const run = promisify(execFile);

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

export class KubectlError extends RolloutError {
  constructor(
    readonly failure: KubectlFailure,
    readonly stderr: string,
    message: string,
  ) {
    super(message);
  }
}

/** Runs kubectl and returns its output; a failure becomes a KubectlError saying what to do. */
export async function kubectl(args: readonly string[]): Promise<string> {
  try {
    const { stdout } = await run("kubectl", args, { maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === "ENOENT") {
      throw new KubectlError(
        "other",
        "",
        "kubectl is not on PATH: install it (https://kubernetes.io/docs/tasks/tools/) and point it at your cluster.",
      );
    }
    const stderr = failure.stderr?.trim() || failure.message;
    const kind = classifyKubectlError(stderr);
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
}
