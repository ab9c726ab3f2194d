/** One thing wrong in one file, with what to do about it. */
export interface Problem {
  /** Path from the repository root, with forward slashes. */
  file: string;
  /** Where in the file: a field path such as `spec.ports[0].targetPort`, or `line 12`. */
  field?: string;
  message: string;
  fix?: string;
  /** The rule that found it, for --json consumers and for tests. */
  rule: string;
}

export function formatProblem(problem: Problem): string {
  const where = problem.field ? `${problem.file}: ${problem.field}` : problem.file;
  const fix = problem.fix ? ` (fix: ${problem.fix})` : "";
  return `${where} ${problem.message}${fix}`;
}
