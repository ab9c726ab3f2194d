// Each app's caller workflow (.github/workflows/app-<name>.yml): when it builds the app's image
// and with what. That its inputs agree with the app's files is the deploy check's caller rule.
import { loadDeployConfig, imageRepository, registryLogin } from "@repo/rollout/deploy-config";
import { describe, expect, it } from "vitest";
import { repositoryRoot } from "./repository-copy.js";
import { evaluate, evaluateAll } from "./workflow-expression.js";
import { findWorkflow, job, loadWorkflows, type WorkflowFile } from "./workflow-files.js";
import { runStep } from "./workflow-shell.js";
import { triggers } from "./workflow-triggers.js";

const workflows = await loadWorkflows(repositoryRoot);
const image = findWorkflow(workflows, "image.yml");
const config = await loadDeployConfig(repositoryRoot);
const callers = workflows
  .filter((w) => /\/app-[a-z0-9-]+\.yml$/.test(w.file))
  .map((w): [string, string, WorkflowFile] => [
    w.file,
    /app-([a-z0-9-]+)\.yml$/.exec(w.file)?.[1] ?? "",
    w,
  ]);

const imageCall = (w: WorkflowFile) => {
  const found = Object.values(w.workflow.jobs).find(
    (candidate) => candidate.uses === "./.github/workflows/image.yml",
  );
  if (!found) throw new Error(`${w.file} has no job that calls image.yml`);
  return found;
};

it("there is a caller workflow for the demo at least", () => {
  expect(callers.map(([file]) => file)).toContain(".github/workflows/app-demo.yml");
});

describe.each(callers)("%s", (_file, app, caller) => {
  const pr = (files: string[]) =>
    triggers(caller.workflow, { name: "pull_request", branch: "main", files });

  it("builds the image on a pull request that changes the app, its packages or the build", () => {
    expect(pr([`apps/${app}/src/main.ts`])).toBe(true);
    expect(pr([`apps/${app}/Dockerfile`])).toBe(true);
    expect(pr(["pnpm-lock.yaml"])).toBe(true);
    expect(pr(["deploy.config.yaml"])).toBe(true);
    expect(pr([".github/workflows/image.yml"])).toBe(true);
  });

  it("does not build on a pull request that changes only the docs or another app, nor on a push", () => {
    expect(pr(["docs/en/01-introduction.md", "README.md"])).toBe(false);
    expect(pr([`apps/${app}-other/src/main.ts`])).toBe(false);
    // Pushes to main are deliver.yml's, which builds and writes back in one run.
    expect(
      triggers(caller.workflow, { name: "push", branch: "main", files: [`apps/${app}/x.ts`] }),
    ).toBe(false);
  });

  it("reads the repository only", () => {
    expect(caller.workflow.permissions).toEqual({ contents: "read" });
    for (const candidate of Object.values(caller.workflow.jobs)) {
      expect(candidate.permissions).toBeUndefined();
    }
  });

  it("cancels the superseded build of the same pull request, never another's or another app's", () => {
    const concurrency = caller.workflow.concurrency;
    const group = (ref: string) => evaluate(concurrency?.group, { github: { ref } });
    expect(group("refs/pull/1/merge")).toBe(group("refs/pull/1/merge"));
    expect(group("refs/pull/1/merge")).not.toBe(group("refs/pull/2/merge"));
    const others = callers.filter(([, other]) => other !== app);
    for (const [, , other] of others) {
      expect(
        evaluate(other.workflow.concurrency?.group, { github: { ref: "refs/pull/1/merge" } }),
      ).not.toBe(group("refs/pull/1/merge"));
    }
    expect(concurrency?.["cancel-in-progress"]).toBe(true);
  });

  it("passes every input the image workflow requires and no other", () => {
    const declared = image.on.workflow_call?.inputs ?? {};
    const given = Object.keys(imageCall(caller).with ?? {}).sort();
    expect(given).toEqual(Object.keys(declared).sort());
  });

  it("gets its registry and login from deploy.config.yaml, computed by one function", () => {
    const inputs = imageCall(caller).with ?? {};
    expect(inputs.registry).toBe(config.registry);
    expect(inputs.login).toBe(registryLogin(config));
    expect(String(inputs.image).replace(/^docker\.io\//, "")).toBe(
      imageRepository(config, app).replace(/^docker\.io\//, ""),
    );
  });

  it("passes the image workflow's own check of its inputs on a pull request", async () => {
    const imageJob = job(image, "image");
    const first = (imageJob.steps ?? [])[0];
    const context = {
      github: { event_name: "pull_request", ref: "refs/pull/1/merge", event: { repository: {} } },
      inputs: imageCall(caller).with ?? {},
      secrets: {},
    };
    const env = { ...evaluateAll(imageJob.env, context), ...evaluateAll(first?.env, context) };
    const run = await runStep(first?.run ?? "", { env });
    expect(run.code, run.stdout).toBe(0);
  }, 60_000);
});
