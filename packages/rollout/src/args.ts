import { parseArgs } from "node:util";
import { RolloutError } from "./rollout-error.js";

export const USAGE = `Usage: pnpm rollout <app> [<commit>] [--apply [--namespace <namespace>]]

Deploys the image CI built for <commit> (default HEAD) the git way: writes its immutable
reference, <registry>/<imageNamespace>/<app>:sha-<7 hex>@sha256:<digest>, into
apps/<app>/kubernetes/deployment.yaml and commits that file. Push the commit and Argo CD
deploys it; \`git revert\` of it rolls back.

CI builds an app's image only for commits of main that change what the image is made of, so
a commit off main is refused, and one that changed none of it (a docs-only commit, often HEAD)
resolves to the newest commit before it that CI built, saying so. The digest comes from the
registry (REGISTRY_USERNAME and REGISTRY_TOKEN log in to a private one); when it does not
answer, the tag alone is written.

Options:
  --apply                      also kubectl apply the app's manifests now (clusters without
                               Argo CD; kubectl must point at the cluster)
  -n, --namespace <namespace>  the namespace --apply uses (default: kubectl's current one)
  -h, --help                   print this help
`;

export interface RolloutArgs {
  help: boolean;
  app: string;
  commit: string;
  apply: boolean;
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
        apply: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new RolloutError(`${(error as Error).message}\n\n${USAGE}`);
  }
  const { positionals, values } = parsed;
  if (values.help) return { help: true, app: "", commit: "HEAD", apply: false };
  const [app, commit = "HEAD", ...extra] = positionals;
  if (!app) throw new RolloutError(`which app? Name one.\n\n${USAGE}`);
  if (extra.length > 0)
    throw new RolloutError(`unexpected argument ${extra.join(" ")}.\n\n${USAGE}`);
  if (values.namespace === "") throw new RolloutError(`--namespace needs a name.\n\n${USAGE}`);
  if (values.namespace !== undefined && !values.apply) {
    throw new RolloutError(`--namespace only matters with --apply.\n\n${USAGE}`);
  }
  return { help: false, app, commit, apply: values.apply ?? false, namespace: values.namespace };
}
