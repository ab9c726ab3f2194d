import { fileURLToPath } from "node:url";
import { parseDeployLocalArgs, USAGE } from "./args.js";
import { deployLocal } from "./deploy-local.js";

// pnpm runs this script from the package's folder; the repository root is two levels up.
const root = fileURLToPath(new URL("../../..", import.meta.url));

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
  const known = error instanceof Error && /^(DeployLocalError|RolloutError)$/.test(error.name);
  process.stderr.write(
    `deploy:local: ${known ? error.message : String((error as Error).stack ?? error)}\n`,
  );
  process.exitCode = 1;
});
