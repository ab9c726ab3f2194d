// `pnpm gen sync [<app>] [--check] [--port N] [--host H] [--description T]`: brings every app's
// generated files up to date with its answers, deploy.config.yaml and the templates, merging the
// edits made to them since.
import { ANSWER_OPTIONS, UsageError, parseCommandLine } from "./answer-options.js";
import { acquireGenerationLock } from "./generation-lock.js";
import {
  type AnswerChanges,
  type SyncPlan,
  applySync,
  conflictedFiles,
  pendingFiles,
  planSync,
} from "./sync-plan.js";

export const SYNC_USAGE = `Usage: pnpm gen sync [<app>] [--check] [--port <number>] [--host <dns name>] [--description <text>]

  Re-renders each app's generated files (Dockerfile, manifests, caller workflow, package.json…)
  from the answers recorded under "shipyard" in its package.json, deploy.config.yaml and the
  service template, and merges the result into the files on disk: your own edits are kept; a
  change on the same lines as yours gets conflict markers, and the sync exits 1 listing it.

  <app>          sync this app only (default: every app with a "shipyard" record)
  --check        change nothing; exit 1 listing the files a sync would change or that still
                 hold conflict markers (for CI and the pre-push hook)
  --port         change the app's port in every file that carries it (needs <app>)
  --host         change its Ingress host (needs <app>)
  --description  change its one-line description (needs <app>)
`;

const VERB: Record<string, string> = {
  update: "updated",
  create: "created",
  delete: "deleted",
  conflict: "CONFLICT",
  markers: "MARKERS",
};

function parse(argv: string[]) {
  const parsed = parseCommandLine(argv, { ...ANSWER_OPTIONS, check: { type: "boolean" } });
  const { values, positionals } = parsed;
  if (positionals.length > 1) {
    throw new UsageError(
      `Unexpected argument "${positionals[1]}": sync takes one app, or none for every app.`,
    );
  }
  if (values.port !== undefined && !/^\d+$/.test(values.port)) {
    throw new UsageError(
      `The port "${values.port}" is not a whole number. Fix: give an integer, e.g. --port 8010.`,
    );
  }
  const answers: AnswerChanges = {
    ...(values.port !== undefined && { port: Number(values.port) }),
    ...(values.host !== undefined && { host: values.host }),
    ...(values.description !== undefined && { description: values.description }),
  };
  return { app: positionals[0], answers, check: values.check ?? false, help: values.help ?? false };
}

function report(plan: SyncPlan, check: boolean): string {
  const lines: string[] = [];
  for (const app of plan.apps) {
    const pending = app.files.filter((f) => f.status !== "unchanged" || f.notes.length > 0);
    const from = app.from ? app.from.slice(0, 7) : "none recorded";
    lines.push(`apps/${app.app} (template ${from} -> ${app.to.slice(0, 7)})`);
    for (const note of app.notes) lines.push(`  note: ${note}`);
    for (const file of pending) {
      const verb = file.status === "unchanged" ? "kept" : (VERB[file.status] ?? file.status);
      lines.push(
        `  ${check && file.status !== "markers" ? `would be ${verb}` : verb}: ${file.path}`,
      );
      for (const note of file.notes) lines.push(`    note: ${note}`);
    }
    if (pending.length === 0 && app.notes.length === 0) lines.push("  up to date");
  }
  return `${lines.join("\n")}\n`;
}

/** Runs the sync; returns the exit code. */
export async function syncMain(root: string, argv: string[]): Promise<number> {
  let args;
  try {
    args = parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${SYNC_USAGE}`);
    return 1;
  }
  if (args.help) {
    process.stdout.write(SYNC_USAGE);
    return 0;
  }
  const release = await acquireGenerationLock(root, (message) =>
    process.stderr.write(`${message}\n`),
  );
  try {
    const plan = await planSync(root, {
      ...(args.app !== undefined && { apps: [args.app] }),
      answers: args.answers,
    });
    process.stdout.write(report(plan, args.check));
    const pending = pendingFiles(plan);
    const conflicts = conflictedFiles(plan);
    if (args.check) {
      if (pending.length === 0) {
        process.stdout.write("Every app's files are up to date.\n");
        return 0;
      }
      process.stdout.write(
        `\n${pending.length} file(s) out of date or holding conflict markers. Fix: run \`pnpm gen sync${args.app ? ` ${args.app}` : ""}\`, then resolve any conflict it lists.\n`,
      );
      return 1;
    }
    await applySync(plan);
    if (conflicts.length > 0) {
      process.stdout.write(
        `\n${conflicts.length} file(s) hold conflict markers: ${conflicts.map((f) => f.path).join(", ")}. Fix: edit each to keep what you want between <<<<<<< and >>>>>>>, remove the markers, then run \`pnpm gen sync\` again.\n`,
      );
      return 1;
    }
    process.stdout.write(
      pending.length === 0 ? "Nothing to change.\n" : `\n${pending.length} file(s) written.\n`,
    );
    return 0;
  } catch (error) {
    // Every failure here is the repository's state (a record, a git object, deploy.config.yaml),
    // and its message names the fix.
    if (!(error instanceof Error)) throw error;
    process.stderr.write(`${error.message}\nNothing was written.\n`);
    return 1;
  } finally {
    await release();
  }
}
