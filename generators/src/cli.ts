// `pnpm gen service [<name>] [--description …] [--port …] [--host …]`: runs the plopfile with
// node-plop. Flags answer the prompts; in a terminal the missing answers are asked for, elsewhere
// they take their defaults (the name has none, so it must be given).
import path from "node:path";
import { imageRepository } from "@repo/workspace/deploy-config";
import { ANSWER_OPTIONS, UsageError, parseCommandLine } from "./answer-options.js";
import { firstFailure, loadServiceGenerator } from "./load-service-generator.js";
import { nextSteps } from "./next-steps.js";
import { syncMain } from "./sync-cli.js";
import { readRepoFacts } from "./repo-facts.js";
import {
  type ServiceAnswers,
  descriptionProblem,
  hostProblem,
  nameProblem,
  portProblem,
} from "./service-answers.js";

const USAGE = `Usage: pnpm gen service [<name>] [--description <text>] [--port <number>] [--host <dns name>]
       pnpm gen sync [<app>] [--check] [--port <number>] [--host <dns name>] [--description <text>]

pnpm gen service writes a new service:

  <name>         lowercase letters, digits and "-", starting with a letter (e.g. orders); not a
                 cluster namespace (default, kube-*, argocd…) nor a top-level folder (docs…)
  --description  one line for package.json and the OpenAPI document (default: "The <name> service.")
  --port         the port it listens on (default: the lowest port from 8000 that no app uses)
  --host         its Ingress host (default: <name>.<domain> from deploy.config.yaml)

pnpm gen sync brings every app's generated files up to date with its recorded answers,
deploy.config.yaml and the template, keeping your edits (pnpm gen sync --help tells more).
`;

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const FIELDS = ["name", "description", "port", "host"] as const;

/** A bad answer: the message says what to change. */
class Refusal extends Error {}

type Field = (typeof FIELDS)[number];
type CliAnswers = Partial<Record<Field, string>>;

function parse(argv: string[]): { generator?: string; raw: CliAnswers; help: boolean } {
  const parsed = parseCommandLine(argv, { ...ANSWER_OPTIONS, name: { type: "string" } });
  const { values, positionals } = parsed;
  const [generator, name, ...extra] = positionals;
  if (extra.length > 0) {
    throw new UsageError(
      `Unexpected argument "${extra[0]}": a description with spaces goes in quotes, e.g. --description "Takes orders."`,
    );
  }
  if (name !== undefined && values.name !== undefined && name !== values.name) {
    throw new UsageError(`Two names given ("${name}" and --name "${values.name}"). Give one.`);
  }
  const raw: CliAnswers = {
    name: name ?? values.name,
    description: values.description,
    port: values.port,
    host: values.host,
  };
  return { generator, raw, help: values.help ?? false };
}

async function main(argv: string[]): Promise<number> {
  const { generator, raw, help } = parse(argv);
  if (help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (generator !== "service") {
    throw new UsageError(
      generator === undefined
        ? "Which generator? There are: pnpm gen service, pnpm gen sync."
        : `There is no generator "${generator}"; there are: pnpm gen service, pnpm gen sync.`,
    );
  }

  const facts = await readRepoFacts(ROOT);
  // Flags are checked before anything is asked, so a script learns of a bad one at once.
  const problems = [
    raw.name === undefined ? undefined : nameProblem(raw.name, facts),
    raw.description === undefined ? undefined : descriptionProblem(raw.description),
    raw.port === undefined ? undefined : portProblem(raw.port, facts),
    raw.host === undefined ? undefined : hostProblem(raw.host),
  ].filter((problem) => problem !== undefined);
  if (problems.length > 0) throw new Refusal(problems.join("\n"));

  const service = await loadServiceGenerator(ROOT);
  const missing = FIELDS.filter((field) => raw[field] === undefined);
  let answers: Record<string, unknown> = { ...raw };
  if (missing.length > 0 && process.stdin.isTTY && process.stdout.isTTY) {
    const bypass = FIELDS.map((field) => raw[field] ?? "_");
    answers = (await service.runPrompts(bypass)) as Record<string, unknown>;
  } else if (missing.includes("name")) {
    throw new UsageError(
      `Missing: the service name (pnpm gen service <name>). Without a terminal nothing can be asked; ${missing
        .filter((field) => field !== "name")
        .map((field) => `--${field}`)
        .join(", ")} take their defaults when left out.`,
    );
  }

  const { failures } = await service.runActions(answers, {
    onSuccess: ({ type, path: detail }) => process.stdout.write(`✔ ${type}: ${detail}\n`),
    onComment: (message) => process.stdout.write(`${message}\n`),
  });
  const failure = firstFailure({ failures });
  if (failure) {
    process.stderr.write(`✖ ${failure.type}: ${failure.error}\nNothing was written.\n`);
    return 1;
  }
  const done = answers as unknown as ServiceAnswers;
  process.stdout.write(`\n${nextSteps(done, imageRepository(facts.deploy, done.name))}`);
  return 0;
}

const argv = process.argv.slice(2);
(argv[0] === "sync" ? syncMain(ROOT, argv.slice(1)) : main(argv)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${USAGE}`);
    } else if (error instanceof Refusal) {
      process.stderr.write(`${error.message}\nNothing was written.\n`);
    } else {
      process.stderr.write(
        `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    }
    process.exitCode = 1;
  },
);
