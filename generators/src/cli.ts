// `pnpm gen service [<name>] [--description …] [--port …] [--host …]`: runs the plopfile with
// node-plop. Flags answer the prompts; in a terminal the missing answers are asked for, elsewhere
// they take their defaults (the name has none, so it must be given).
import path from "node:path";
import { parseArgs } from "node:util";
import { imageRepository } from "@repo/workspace/deploy-config";
import { firstFailure, loadServiceGenerator } from "./load-service-generator.js";
import { nextSteps } from "./next-steps.js";
import { readRepoFacts } from "./repo-facts.js";
import {
  type ServiceAnswers,
  descriptionProblem,
  hostProblem,
  nameProblem,
  portProblem,
} from "./service-answers.js";

const USAGE = `Usage: pnpm gen service [<name>] [--description <text>] [--port <number>] [--host <dns name>]

  <name>         lowercase letters, digits and "-", starting with a letter (e.g. orders); not a
                 cluster namespace (default, kube-*, argocd…) nor a top-level folder (docs…)
  --description  one line for package.json and the OpenAPI document (default: "The <name> service.")
  --port         the port it listens on (default: the lowest port from 8000 that no app uses)
  --host         its Ingress host (default: <name>.<domain> from deploy.config.yaml)
`;

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const FIELDS = ["name", "description", "port", "host"] as const;

/** A bad command line: the usage follows the message. */
class UsageError extends Error {}
/** A bad answer: the message says what to change. */
class Refusal extends Error {}

type Field = (typeof FIELDS)[number];
type CliAnswers = Partial<Record<Field, string>>;

function parse(argv: string[]): { generator?: string; raw: CliAnswers; help: boolean } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        name: { type: "string" },
        description: { type: "string" },
        port: { type: "string" },
        host: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}.`);
  }
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
        ? "Which generator? The one there is: pnpm gen service."
        : `There is no generator "${generator}"; the one there is: pnpm gen service.`,
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

main(process.argv.slice(2)).then(
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
