import { fileURLToPath } from "node:url";
import { parseRolloutArgs, USAGE } from "./args.js";
import { applyRollout, planRollout } from "./rollout.js";
import { RolloutError } from "./rollout-error.js";

// pnpm runs this script from the package's folder; the repository root is two levels up.
const root = fileURLToPath(new URL("../../..", import.meta.url));

async function main(argv: readonly string[]): Promise<void> {
  const args = parseRolloutArgs(argv);
  if (args.help) {
    process.stdout.write(USAGE);
    return;
  }
  const plan = await planRollout({
    root,
    app: args.app,
    commit: args.commit,
    namespace: args.namespace,
  });
  const result = await applyRollout(plan);
  const scope = plan.namespace ? ` --namespace ${plan.namespace}` : "";
  process.stdout.write(
    result.changed
      ? `deployment/${plan.deployment}: ${plan.container} ${result.previousImage} -> ${plan.image}\n` +
          `Follow the rollout: kubectl rollout status deployment/${plan.deployment}${scope}\n`
      : `deployment/${plan.deployment} already runs ${plan.image}: nothing to roll out.\n`,
  );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(
    `rollout: ${error instanceof RolloutError ? error.message : String((error as Error).stack ?? error)}\n`,
  );
  process.exitCode = 1;
});
