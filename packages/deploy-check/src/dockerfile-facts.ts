// What the final stage of a Dockerfile declares: the facts the other rules compare.
import { Arg, DockerfileParser, Env, type Instruction } from "dockerfile-ast";

export interface DockerfileFacts {
  /** Instructions of the last stage (after the last FROM), with their 1-based line. */
  finalStage: { keyword: string; args: string; line: number; jsonForm: boolean }[];
  exposedPorts: number[];
  user?: string;
}

function substitute(text: string, variables: Map<string, string>): string {
  return text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (whole, braced?: string, bare?: string) => variables.get((braced ?? bare)!) ?? whole,
  );
}

/**
 * Follows ARG and ENV the way the builder does: global ARGs give defaults that a stage's
 * `ARG NAME` brings in, and each value is substituted when it is declared.
 */
export function dockerfileFacts(text: string): DockerfileFacts {
  const instructions: Instruction[] = DockerfileParser.parse(text).getInstructions();
  const globalArgs = new Map<string, string>();
  let stage = new Map<string, string>();
  let finalStart = 0;
  let seenFrom = false;
  const resolved: string[] = [];

  instructions.forEach((instruction, index) => {
    const keyword = instruction.getKeyword();
    const scope = seenFrom ? stage : globalArgs;
    resolved.push(substitute((instruction.getArgumentsContent() ?? "").trim(), scope));
    if (keyword === "FROM") {
      seenFrom = true;
      finalStart = index;
      stage = new Map();
    } else if (instruction instanceof Arg) {
      const property = instruction.getProperty();
      const name = property?.getName();
      if (!name) return;
      const value = property?.getValue();
      const given =
        value === null || value === undefined ? globalArgs.get(name) : substitute(value, scope);
      if (given !== undefined) scope.set(name, given);
    } else if (instruction instanceof Env) {
      for (const property of instruction.getProperties()) {
        const name = property.getName();
        const value = property.getValue();
        if (name && value !== null) stage.set(name, substitute(value, stage));
      }
    }
  });

  const finalStage = instructions.slice(finalStart).map((instruction, offset) => ({
    keyword: instruction.getKeyword(),
    args: resolved[finalStart + offset]!,
    line: instruction.getRange().start.line + 1,
    jsonForm: (instruction.getArgumentsContent() ?? "").trim().startsWith("["),
  }));
  const exposedPorts = finalStage
    .filter((i) => i.keyword === "EXPOSE")
    .flatMap((i) => i.args.split(/\s+/))
    .map((port) => Number.parseInt(port, 10))
    .filter((port) => Number.isInteger(port));
  const user = finalStage.filter((i) => i.keyword === "USER").at(-1)?.args;
  return { finalStage, exposedPorts, ...(user !== undefined && { user }) };
}
