// deploy-check [--json] [--root DIR]: every app's Dockerfile, manifests and workflow, offline.
import { parseArgs } from "node:util";
import { checkRepository } from "./check.js";
import { githubAnnotation } from "./github-annotation.js";
import { escapeForTerminal, formatProblem } from "./problem.js";
import { findRepositoryRoot } from "@repo/workspace/repository-root";

const usage = "usage: deploy-check [--json] [--root DIR]";

/**
 * `pnpm <script>` prints a banner (`> shipyard@ check:deploy …`) on stdout before the script
 * runs, which no JSON parser accepts; `pnpm --silent` does not, and tells the script so through
 * npm_config_reporter. The banner cannot be taken back, so say on stderr how to avoid it.
 */
function warnOfPnpmBanner(): void {
  const { npm_config_user_agent: agent, npm_lifecycle_event: script } = process.env;
  if (!agent?.startsWith("pnpm/") || !script || process.env.npm_config_reporter === "silent")
    return;
  if (process.stdout.isTTY) return;
  process.stderr.write(
    `deploy-check: pnpm printed its banner on stdout before this JSON; for JSON alone run pnpm --silent ${script} --json\n`,
  );
}

async function main(json: boolean): Promise<number> {
  let values: { json?: boolean; root?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        json: { type: "boolean" },
        root: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    process.stderr.write(`deploy-check: ${(error as Error).message}\n${usage}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const root = findRepositoryRoot(values.root ?? process.cwd());
  const started = performance.now();
  const { apps, problems, warnings } = await checkRepository(root);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);

  if (json) {
    warnOfPnpmBanner();
    process.stdout.write(
      `${JSON.stringify({ apps, problems, warnings, seconds: Number(seconds) }, null, 2)}\n`,
    );
  } else {
    const inGitHubActions = process.env.GITHUB_ACTIONS === "true";
    for (const problem of problems) {
      const line = inGitHubActions
        ? escapeForTerminal(githubAnnotation("error", problem))
        : formatProblem(problem);
      process.stdout.write(`${line}\n`);
    }
    for (const warning of warnings) {
      const line = inGitHubActions
        ? escapeForTerminal(githubAnnotation("warning", warning))
        : `warning: ${formatProblem(warning)}`;
      process.stdout.write(`${line}\n`);
    }
    const verdict = [
      problems.length === 0 ? "no problems" : `${problems.length} problem(s)`,
      ...(warnings.length > 0 ? [`${warnings.length} warning(s)`] : []),
    ].join(", ");
    process.stdout.write(
      `deploy-check: ${apps.length} app(s) checked (${apps.join(", ")}), ${verdict} in ${seconds} s\n`,
    );
  }
  return problems.length === 0 ? 0 : 1;
}

// Decided before parsing, so that even a failure to start answers --json with JSON.
const json = process.argv.includes("--json");
main(json).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    if (json) process.stdout.write(`${JSON.stringify({ error: message }, null, 2)}\n`);
    process.stderr.write(`deploy-check: ${escapeForTerminal(message)}\n`);
    process.exit(2);
  },
);
