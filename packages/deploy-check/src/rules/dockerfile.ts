// Dockerfiles: a real linter (dockerfile-utils) and the security floor of the image it builds.
import { validate, ValidationSeverity } from "dockerfile-utils";
import { dockerfileFacts } from "../dockerfile-facts.js";
import type { Problem } from "../problem.js";
import type { TextFile } from "../repository.js";

const ROOT_USERS = new Set(["root", "0", "0:0", "root:root"]);

export function checkDockerfile({ file, text }: TextFile): Problem[] {
  const problems: Problem[] = [];
  for (const diagnostic of validate(text, {
    instructionWorkdirRelative: ValidationSeverity.ERROR,
  })) {
    // LSP severities: 1 error, 2 warning; both are worth fixing in a template.
    problems.push({
      file,
      field: `line ${diagnostic.range.start.line + 1}`,
      message:
        typeof diagnostic.message === "string" ? diagnostic.message : diagnostic.message.value,
      rule: "dockerfile-lint",
    });
  }

  const facts = dockerfileFacts(text);
  if (facts.user === undefined) {
    problems.push({
      file,
      message: "the final stage sets no USER, so the container runs as root",
      fix: "add `USER nonroot` (or a numeric uid other than 0) to the final stage",
      rule: "dockerfile-non-root",
    });
  } else if (ROOT_USERS.has(facts.user)) {
    problems.push({
      file,
      message: `the final stage runs as USER ${facts.user}`,
      fix: "switch to a non-root user, such as `USER nonroot` on a distroless base",
      rule: "dockerfile-non-root",
    });
  }

  const cmd = facts.finalStage.filter((i) => i.keyword === "CMD").at(-1);
  const entrypoint = facts.finalStage.filter((i) => i.keyword === "ENTRYPOINT").at(-1);
  for (const instruction of [cmd, entrypoint]) {
    if (instruction && !instruction.jsonForm) {
      problems.push({
        file,
        field: `line ${instruction.line}`,
        message: `${instruction.keyword} is in shell form, so a shell is PID 1 and the app never receives SIGTERM`,
        fix: `write it in exec form: ${instruction.keyword} ["node", "main.cjs"]`,
        rule: "dockerfile-exec-form",
      });
    }
  }
  if (!cmd && !entrypoint) {
    problems.push({
      file,
      message: "the final stage has no CMD",
      fix: 'add an exec-form CMD such as CMD ["dist/main.cjs"]',
      rule: "dockerfile-exec-form",
    });
  }
  return problems;
}
