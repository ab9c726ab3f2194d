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

// Messages quote the files' own text, and a file can hold a terminal escape sequence or
// characters that reorder what a terminal shows: print those as escapes, never raw.
const UNPRINTABLE = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

export function escapeForTerminal(text: string): string {
  return text.replace(UNPRINTABLE, (character) => {
    const code = character.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, "0")}`
      : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

export function formatProblem(problem: Problem): string {
  const where = problem.field ? `${problem.file}: ${problem.field}` : problem.file;
  const fix = problem.fix ? ` (fix: ${problem.fix})` : "";
  return escapeForTerminal(`${where} ${problem.message}${fix}`);
}
