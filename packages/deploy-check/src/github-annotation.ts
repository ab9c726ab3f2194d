// In a GitHub Actions log, a line in workflow-command form becomes an annotation on the file
// and line, shown on the pull request and the run's summary: the one place a warning that does
// not fail the job is seen.
import type { Problem } from "./problem.js";

const escapeData = (text: string) =>
  text.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
const escapeProperty = (text: string) =>
  escapeData(text).replaceAll(":", "%3A").replaceAll(",", "%2C");

export function githubAnnotation(level: "error" | "warning", problem: Problem): string {
  const line = /^line (\d+)$/.exec(problem.field ?? "")?.[1];
  const properties = [
    `file=${escapeProperty(problem.file)}`,
    ...(line ? [`line=${line}`] : []),
    `title=${escapeProperty(`deploy-check ${problem.rule}`)}`,
  ].join(",");
  const where = problem.field && !line ? `${problem.field} ` : "";
  const fix = problem.fix ? ` (fix: ${problem.fix})` : "";
  return `::${level} ${properties}::${escapeData(`${where}${problem.message}${fix}`)}`;
}
