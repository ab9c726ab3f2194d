// Invariants every workflow holds to, and what ci.yml runs when. Each workflow's own behaviour
// is in image-workflow, deliver-workflow and caller-workflows.test.ts.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repositoryRoot } from "./repository-copy.js";
import { evaluate } from "./workflow-expression.js";
import { findWorkflow, job, loadWorkflows, type WorkflowFile } from "./workflow-files.js";
import { triggers } from "./workflow-triggers.js";

const workflows = await loadWorkflows(repositoryRoot);
const byFile = workflows.map((w): [string, WorkflowFile] => [w.file, w]);
const rootPackage = JSON.parse(readFileSync(path.join(repositoryRoot, "package.json"), "utf8")) as {
  packageManager?: string;
  scripts: Record<string, string>;
};
const turboTasks = Object.keys(
  (
    JSON.parse(readFileSync(path.join(repositoryRoot, "turbo.json"), "utf8")) as {
      tasks: Record<string, unknown>;
    }
  ).tasks,
);

const runs = (w: WorkflowFile) =>
  Object.entries(w.workflow.jobs).flatMap(([id, candidate]) =>
    (candidate.steps ?? []).flatMap((s) => (s.run ? [{ job: id, run: s.run }] : [])),
  );
/** The tasks of each `pnpm turbo run …` or `turbo run …` in a script. */
const turboRuns = (script: string) =>
  [...script.matchAll(/\bturbo run ((?:[a-z][a-z:-]* ?)+)/g)].map((m) =>
    (m[1] ?? "").trim().split(" "),
  );

it("the workflows are the ones this repository delivers with", () => {
  expect(workflows.map((w) => w.file)).toEqual(
    expect.arrayContaining([
      ".github/workflows/ci.yml",
      ".github/workflows/image.yml",
      ".github/workflows/app-demo.yml",
      ".github/workflows/deliver.yml",
    ]),
  );
});

describe.each(byFile)("%s", (_file, w) => {
  it("pins each action by a full commit SHA, with its version in a comment", () => {
    for (const { value, comment } of w.uses) {
      if (value.startsWith("./")) continue; // a workflow of this repository
      expect(value).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
      expect(comment, value).toMatch(/^v\d+(?:\.\d+){0,2}$/);
    }
  });

  it("bounds the time of every job that runs on a runner", () => {
    for (const [id, candidate] of Object.entries(w.workflow.jobs)) {
      if (candidate.uses) continue; // a called workflow bounds its own jobs
      expect(candidate["timeout-minutes"], id).toBeGreaterThan(0);
    }
  });

  it("keeps the checkout's token out of the job, except where the job pushes to the repository", () => {
    for (const [id, candidate] of Object.entries(w.workflow.jobs)) {
      for (const s of candidate.steps ?? []) {
        if (!s.uses?.startsWith("actions/checkout@")) continue;
        const writes = candidate.permissions?.contents === "write";
        expect(s.with?.["persist-credentials"], id).toBe(writes);
      }
    }
  });

  it("writes only where a job must: packages to push images, contents for the write-back alone", () => {
    const grants = [
      ["(workflow)", w.workflow.permissions] as const,
      ...Object.entries(w.workflow.jobs).map(([id, j]) => [id, j.permissions] as const),
    ];
    for (const [id, permissions] of grants) {
      expect(permissions, id).not.toBe("write-all");
      for (const [scope, level] of Object.entries(permissions ?? {})) {
        if (level !== "write") continue;
        const candidate = w.workflow.jobs[id];
        if (scope === "contents") expect(id).toBe("write-back");
        else if (scope === "packages")
          expect(candidate?.uses).toBe("./.github/workflows/image.yml");
        else expect.fail(`${id} writes ${scope}`);
      }
    }
  });

  it("runs only scripts and turbo tasks this repository defines", () => {
    for (const { job: id, run } of runs(w)) {
      for (const [, script] of run.matchAll(/\bpnpm (?:--silent )?([a-z][\w:-]*)/g)) {
        if (script === "install" || script === "turbo") continue;
        expect(Object.keys(rootPackage.scripts), `${id}: pnpm ${script}`).toContain(script);
      }
      for (const tasks of turboRuns(run)) {
        for (const task of tasks) expect(turboTasks, `${id}: turbo run ${task}`).toContain(task);
      }
    }
  });

  it("gives turbo --affected the history it diffs against", () => {
    for (const [id, candidate] of Object.entries(w.workflow.jobs)) {
      if (!(candidate.steps ?? []).some((s) => s.run?.includes("--affected"))) continue;
      const checkout = (candidate.steps ?? []).find((s) => s.uses?.startsWith("actions/checkout@"));
      expect(checkout?.with?.["fetch-depth"], id).toBe(0);
    }
  });

  it("installs the Node and pnpm versions the repository names", () => {
    for (const candidate of Object.values(w.workflow.jobs)) {
      for (const s of candidate.steps ?? []) {
        if (s.uses?.startsWith("actions/setup-node@")) {
          const file = String(s.with?.["node-version-file"]);
          expect(existsSync(path.join(repositoryRoot, file)), file).toBe(true);
        }
        if (s.uses?.startsWith("pnpm/action-setup@") && !s.with?.version) {
          // Without a version input, the action reads package.json's packageManager.
          expect(rootPackage.packageManager).toMatch(/^pnpm@\d+\.\d+\.\d+/);
        }
      }
    }
  });
});

describe("every action", () => {
  it("is pinned to the same commit in every workflow", () => {
    const pins = new Map<string, Set<string>>();
    for (const w of workflows) {
      for (const { value } of w.uses) {
        const [action, sha] = value.split("@");
        if (!action || !sha || value.startsWith("./")) continue;
        pins.set(action, (pins.get(action) ?? new Set()).add(sha));
      }
    }
    for (const [action, shas] of pins) expect([...shas], action).toHaveLength(1);
  });
});

describe("ci.yml", () => {
  const ci = findWorkflow(workflows, "ci.yml");

  it("checks every pull request and every push to main, not pushes to other branches", () => {
    const event = (name: "push" | "pull_request", branch: string) =>
      triggers(ci, { name, branch, files: ["docs/en/01-introduction.md"] });
    expect(event("pull_request", "main")).toBe(true);
    expect(event("pull_request", "release")).toBe(true);
    expect(event("push", "main")).toBe(true);
    expect(event("push", "feature")).toBe(false);
  });

  it("cancels a superseded run of a pull request, but lets every run on main finish", () => {
    const cancels = (event_name: string, ref: string) =>
      evaluate(ci.concurrency?.["cancel-in-progress"], { github: { event_name, ref } });
    const group = (event_name: string, ref: string) =>
      evaluate(ci.concurrency?.group, { github: { event_name, ref } });
    expect(cancels("pull_request", "refs/pull/3/merge")).toBe(true);
    expect(cancels("push", "refs/heads/main")).toBe(false);
    expect(group("pull_request", "refs/pull/3/merge")).not.toBe(group("push", "refs/heads/main"));
  });

  it("runs what pnpm test runs locally, plus the build and the deploy check", () => {
    const check = job(ci, "check");
    const scripts = (check.steps ?? []).flatMap((s) => (s.run ? [s.run] : []));
    const ciTasks = new Set(scripts.flatMap(turboRuns).flat());
    const localTasks = turboRuns(rootPackage.scripts.test ?? "").flat();
    expect(localTasks.length).toBeGreaterThan(0);
    for (const task of [...localTasks, "build"]) expect([...ciTasks], task).toContain(task);
    // pnpm test ends with prettier --check, which CI runs as format:check.
    expect(rootPackage.scripts.test).toContain(rootPackage.scripts["format:check"]);
    expect(scripts).toContain("pnpm format:check");
    expect(scripts).toContain("pnpm check:deploy");
  });
});
