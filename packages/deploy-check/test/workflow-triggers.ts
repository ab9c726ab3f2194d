// Whether an event starts a workflow, by GitHub's rules for `on:` filters: branches are globs
// on the branch name (the base branch of a pull request), `paths` needs one changed file to
// match, `paths-ignore` skips the run when every changed file matches.
import picomatch from "picomatch";
import type { Workflow } from "./workflow-files.js";

export interface TriggerEvent {
  name: "push" | "pull_request" | "workflow_dispatch";
  branch: string;
  files: string[];
}

const matcher = (patterns: string[]) => {
  const isMatch = picomatch(patterns, { dot: true });
  return (file: string) => isMatch(file);
};

export function triggers(workflow: Workflow, event: TriggerEvent): boolean {
  const on = workflow.on as Record<string, unknown>;
  if (!(event.name in on)) return false;
  const filter = (on[event.name] ?? {}) as {
    branches?: string[];
    paths?: string[];
    "paths-ignore"?: string[];
  };
  if (filter.branches && !matcher(filter.branches)(event.branch)) return false;
  if (filter.paths && !event.files.some(matcher(filter.paths))) return false;
  const ignored = filter["paths-ignore"];
  if (ignored && event.files.every(matcher(ignored))) return false;
  return true;
}
