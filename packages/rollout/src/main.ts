import { repositoryRoot as root } from "@repo/workspace/repository-root";
import { UserError } from "@repo/workspace/user-error";
import { parseRolloutArgs, USAGE } from "./args.js";
import { applyRollout, commitRollout, planRollout } from "./rollout.js";

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
  for (const note of plan.notes) process.stderr.write(`rollout: ${note}\n`);
  const commit = await commitRollout(root, plan);
  process.stdout.write(
    commit
      ? `${plan.file}: ${plan.line.image} -> ${plan.image}\n` +
          `Committed ${commit.slice(0, 7)}: git push, and Argo CD deploys it; git revert ${commit.slice(0, 7)} rolls back.\n`
      : `${plan.file} already names ${plan.image}: nothing to commit.\n`,
  );
  if (args.apply) {
    await applyRollout(root, plan);
    const scope = plan.namespace ? ` --namespace ${plan.namespace}` : "";
    process.stdout.write(
      `Applied apps/${plan.app}/kubernetes. Follow the rollout: kubectl rollout status deployment/${plan.line.deployment}${scope}\n`,
    );
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(
    `rollout: ${error instanceof UserError ? error.message : String((error as Error).stack ?? error)}\n`,
  );
  process.exitCode = 1;
});
