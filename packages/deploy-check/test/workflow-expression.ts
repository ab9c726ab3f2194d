// Evaluates GitHub Actions expressions (`${{ … }}`, `if:` conditions) with GitHub's own
// evaluator, so a test can ask what a workflow does for a given event instead of reading its
// text back.
import { Evaluator, Lexer, Parser, data } from "@actions/expressions";
import type { FunctionDefinition } from "@actions/expressions/funcs/info";
import { truthy } from "@actions/expressions/result";

/** The contexts an expression may read (github, inputs, env, needs, matrix, secrets, vars…). */
export type Contexts = Record<string, unknown>;

/** The run's state as the status functions see it; a run nobody cancelled by default. */
export interface Status {
  cancelled?: boolean;
}

function statusFunctions(status: Status): Map<string, FunctionDefinition> {
  const fn = (name: string, value: boolean): [string, FunctionDefinition] => [
    name,
    { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(value) },
  ];
  const cancelled = status.cancelled ?? false;
  return new Map([
    fn("cancelled", cancelled),
    fn("always", true),
    fn("success", !cancelled),
    fn("failure", false),
  ]);
}

function evaluateExpression(text: string, contexts: Contexts, status: Status): data.ExpressionData {
  const functions = statusFunctions(status);
  const lexed = new Lexer(text).lex();
  const tree = new Parser(lexed.tokens, Object.keys(contexts), [...functions.values()]).parse();
  const context = JSON.parse(JSON.stringify(contexts), data.reviver) as data.Dictionary;
  return new Evaluator(tree, context, functions).evaluate();
}

const TEMPLATE = /\$\{\{(.*?)\}\}/gs;

/**
 * The value GitHub gives a workflow field: a field that is one `${{ }}` keeps the expression's
 * type (true, a number, an object); any other text has each expression replaced by its string.
 */
export function evaluate(value: unknown, contexts: Contexts, status: Status = {}): unknown {
  if (typeof value !== "string") return value;
  const whole = /^\s*\$\{\{(.*)\}\}\s*$/s.exec(value);
  if (whole && !whole[1]?.includes("}}")) {
    return JSON.parse(
      JSON.stringify(evaluateExpression(whole[1] ?? "", contexts, status), data.replacer),
    ) as unknown;
  }
  return value.replace(TEMPLATE, (_match, text: string) =>
    evaluateExpression(text, contexts, status).coerceString(),
  );
}

/** Whether an `if:` holds; GitHub reads it as an expression with or without `${{ }}`. */
export function holds(
  condition: string | undefined,
  contexts: Contexts,
  status: Status = {},
): boolean {
  if (condition === undefined) return !(status.cancelled ?? false);
  const text = condition.trim();
  const inner = /^\$\{\{(.*)\}\}$/s.exec(text)?.[1] ?? text;
  return truthy(evaluateExpression(inner, contexts, status));
}

/** Evaluates every value of a step's or job's `env:` or `with:` map. */
export function evaluateAll(
  values: Record<string, unknown> | undefined,
  contexts: Contexts,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values ?? {}).map(([key, value]) => {
      const result = evaluate(value, contexts);
      return [
        key,
        typeof result === "string" ? result : result == null ? "" : JSON.stringify(result),
      ];
    }),
  );
}
