import { repositoryRoot as root } from "@repo/workspace/repository-root";
import { UserError } from "@repo/workspace/user-error";
import { parseDeployLocalArgs, USAGE } from "./args.js";
import { deployLocal } from "./deploy-local.js";

async function main(argv: readonly string[]): Promise<void> {
  const args = parseDeployLocalArgs(argv);
  if (args.help) {
    process.stdout.write(USAGE);
    return;
  }
  await deployLocal({
    root,
    app: args.app,
    namespace: args.namespace,
    timeoutSeconds: args.timeoutSeconds,
    say: (line) => process.stdout.write(`${line}\n`),
  });
}

main(process.argv.slice(2)).catch((error: unknown) => {
  // Failures the user can fix (this command's and kubectl's) are printed alone; anything else
  // is a bug, printed with its stack.
  const known = error instanceof UserError;
  process.stderr.write(
    `deploy:local: ${known ? error.message : String((error as Error).stack ?? error)}\n`,
  );
  process.exitCode = 1;
});
