// The command-line flags that give a service's answers, shared by `gen service` and `gen sync`.
import { type ParseArgsConfig, parseArgs } from "node:util";

export const ANSWER_OPTIONS = {
  description: { type: "string" },
  port: { type: "string" },
  host: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** A bad command line: the usage follows the message. */
export class UsageError extends Error {}

/** parseArgs with positionals, its refusals turned into UsageErrors. */
export function parseCommandLine<T extends NonNullable<ParseArgsConfig["options"]>>(
  args: string[],
  options: T,
) {
  try {
    return parseArgs({ args, allowPositionals: true, options, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}.`);
  }
}
