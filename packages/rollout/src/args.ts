import { parseArgs } from "node:util";
import { RolloutError } from "./rollout-error.js";

export const USAGE = `Usage: pnpm rollout <app> [<commit>] [--namespace <namespace>]

Rolls the app's Deployment out to the image CI pushed for <commit> (default HEAD):
<registry>/<imageNamespace>/<app>:sha-<first 7 hex digits of the commit>, with the registry
and namespace from deploy.config.yaml. CI pushes that tag when the commit reaches the default
branch. kubectl must point at the cluster (KUBECONFIG or the current context).

Options:
  -n, --namespace <namespace>  the Kubernetes namespace (default: kubectl's current one)
  -h, --help                   print this help
`;

export interface RolloutArgs {
  help: boolean;
  app: string;
  commit: string;
  namespace?: string | undefined;
}

/** Parses the command line; a mistake becomes a RolloutError that ends with the usage. */
export function parseRolloutArgs(argv: readonly string[]): RolloutArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        namespace: { type: "string", short: "n" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new RolloutError(`${(error as Error).message}\n\n${USAGE}`);
  }
  const { positionals, values } = parsed;
  if (values.help) return { help: true, app: "", commit: "HEAD" };
  const [app, commit = "HEAD", ...extra] = positionals;
  if (!app) throw new RolloutError(`which app? Name one.\n\n${USAGE}`);
  if (extra.length > 0)
    throw new RolloutError(`unexpected argument ${extra.join(" ")}.\n\n${USAGE}`);
  if (values.namespace === "") throw new RolloutError(`--namespace needs a name.\n\n${USAGE}`);
  return { help: false, app, commit, namespace: values.namespace };
}
