import { parseArgs } from "node:util";
import { DeployLocalError } from "./deploy-local-error.js";

export const USAGE = `Usage: pnpm deploy:local <app> [--namespace <namespace>] [--timeout <seconds>]

Builds apps/<app>/Dockerfile into an image tagged from its content, makes it available to the
cluster of kubectl's current context (Docker Desktop, minikube, kind, k3d, or a cluster on
this machine's Docker engine), applies apps/<app>/kubernetes with that image (the files are
not changed), waits until every pod is ready, and prints how to reach the app.

Options:
  -n, --namespace <namespace>  the Kubernetes namespace (default: kubectl's current one)
      --timeout <seconds>      how long the rollout may take (default: 180)
  -h, --help                   print this help
`;

export interface DeployLocalArgs {
  help: boolean;
  app: string;
  namespace?: string | undefined;
  timeoutSeconds: number;
}

export const DEFAULT_TIMEOUT_SECONDS = 180;

/** Parses the command line; a mistake becomes a DeployLocalError that ends with the usage. */
export function parseDeployLocalArgs(argv: readonly string[]): DeployLocalArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        namespace: { type: "string", short: "n" },
        timeout: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new DeployLocalError(`${(error as Error).message}\n\n${USAGE}`);
  }
  const { positionals, values } = parsed;
  if (values.help) return { help: true, app: "", timeoutSeconds: DEFAULT_TIMEOUT_SECONDS };
  const [app, ...extra] = positionals;
  if (!app) throw new DeployLocalError(`which app? Name one.\n\n${USAGE}`);
  if (extra.length > 0) {
    throw new DeployLocalError(`unexpected argument ${extra.join(" ")}.\n\n${USAGE}`);
  }
  if (values.namespace === "") throw new DeployLocalError(`--namespace needs a name.\n\n${USAGE}`);
  let timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
  if (values.timeout !== undefined) {
    const match = /^(\d+)s?$/.exec(values.timeout.trim());
    timeoutSeconds = match ? Number(match[1]) : NaN;
    if (!(timeoutSeconds >= 1 && timeoutSeconds <= 3600)) {
      throw new DeployLocalError(
        `--timeout ${values.timeout} is not a number of seconds from 1 to 3600.\n\n${USAGE}`,
      );
    }
  }
  return { help: false, app, namespace: values.namespace, timeoutSeconds };
}
