import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  loadWorkflows,
  type Workflow,
  type WorkflowFile,
  type WorkflowJob,
  type WorkflowStep,
} from "../src/workflow-files.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const workflows = await loadWorkflows(root);
// Each app's caller workflow is held to its app by the deploy-chain check (pnpm check:deploy).

function workflow(file: string): Workflow {
  const found = workflows.find((w) => w.file === `.github/workflows/${file}`);
  if (!found) throw new Error(`.github/workflows/${file} is missing`);
  return found.workflow;
}

function job(w: Workflow, name: string): WorkflowJob {
  const found = w.jobs[name];
  if (!found) throw new Error(`no job ${name}`);
  return found;
}

function steps(w: Workflow, name: string): WorkflowStep[] {
  return job(w, name).steps ?? [];
}

function stepsUsing(w: Workflow, name: string, action: string): WorkflowStep[] {
  return steps(w, name).filter((step) => step.uses?.startsWith(`${action}@`));
}

function stepUsing(w: Workflow, name: string, action: string): WorkflowStep {
  const [found, ...more] = stepsUsing(w, name, action);
  if (!found || more.length > 0) throw new Error(`job ${name} should use ${action} once`);
  return found;
}

describe("every workflow", () => {
  it.each(workflows.map((w): [string, WorkflowFile] => [w.file, w]))(
    "%s pins each action by a full commit SHA with its version as a comment",
    (_file, w) => {
      const uses = w.text.split("\n").filter((line) => /^\s*(?:-\s+)?uses:\s/.test(line));
      for (const line of uses) {
        if (/uses:\s+\.\//.test(line)) continue; // a workflow of this repository
        expect(line).toMatch(/uses:\s+[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(?:\.\d+){0,2}$/);
      }
    },
  );
});

describe("ci.yml", () => {
  const ci = workflow("ci.yml");

  it("runs on pull requests and on pushes, reading the repository only", () => {
    expect(Object.keys(ci.on).sort()).toEqual(["pull_request", "push"]);
    expect(ci.permissions).toEqual({ contents: "read" });
  });

  it("installs with pnpm's cache, then lints, typechecks, tests and builds the affected workspaces", () => {
    expect(stepUsing(ci, "check", "actions/checkout").with?.["fetch-depth"]).toBe(0);
    expect(stepUsing(ci, "check", "pnpm/action-setup")).toBeDefined();
    expect(stepUsing(ci, "check", "actions/setup-node").with?.cache).toBe("pnpm");
    const runs = steps(ci, "check").map((step) => step.run);
    expect(runs).toContain("pnpm install --frozen-lockfile");
    expect(runs).toContain("pnpm turbo run lint typecheck test build --affected");
    expect(runs).toContain("pnpm format:check");
  });
});

describe("image.yml, the reusable image workflow", () => {
  const image = workflow("image.yml");

  it("is only called by other workflows, with the app, Dockerfile, image, registry and login", () => {
    expect(Object.keys(image.on)).toEqual(["workflow_call"]);
    const inputs = image.on.workflow_call?.inputs ?? {};
    for (const name of ["app", "dockerfile", "image", "registry", "login"]) {
      expect(inputs[name], name).toMatchObject({ required: true, type: "string" });
    }
    // Generic secrets: any registry's username and token.
    expect(Object.keys(image.on.workflow_call?.secrets ?? {}).sort()).toEqual([
      "REGISTRY_TOKEN",
      "REGISTRY_USERNAME",
    ]);
  });

  it("takes its permissions from the caller instead of asking for more", () => {
    expect(image.permissions).toBeUndefined();
    expect(job(image, "image").permissions).toBeUndefined();
  });

  it("pushes only on a push to the default branch, and logs in only then, to the registry it was given", () => {
    expect(job(image, "image").env?.PUSH).toBe(
      "${{ github.event_name == 'push' && github.ref == format('refs/heads/{0}', github.event.repository.default_branch) }}",
    );
    const build = stepUsing(image, "image", "docker/build-push-action");
    expect(build.with?.push).toBe("${{ env.PUSH == 'true' }}");
    const logins = stepsUsing(image, "image", "docker/login-action");
    expect(logins.map((login) => login.if)).toEqual([
      "env.PUSH == 'true' && inputs.login == 'secrets'",
      "env.PUSH == 'true' && inputs.login == 'github-token'",
    ]);
    for (const login of logins) expect(login.with?.registry).toBe("${{ inputs.registry }}");
  });

  it("checks the registry's secrets before anything else, without a table of registries", () => {
    const [first] = steps(image, "image");
    expect(first?.run).toContain("Settings → Secrets and variables → Actions");
    expect(first?.run).not.toMatch(/docker\.io\)|ghcr\.io\)|ttl\.sh\)/);
    expect(first?.env).toMatchObject({
      REGISTRY_USERNAME: "${{ secrets.REGISTRY_USERNAME }}",
      REGISTRY_TOKEN: "${{ secrets.REGISTRY_TOKEN }}",
    });
  });

  it("builds both platforms with a cache per app, tagged only with the commit's immutable tag", () => {
    expect(stepUsing(image, "image", "docker/setup-qemu-action").with?.platforms).toBe("arm64");
    const build = stepUsing(image, "image", "docker/build-push-action");
    expect(build.with).toMatchObject({
      context: ".",
      file: "${{ inputs.dockerfile }}",
      platforms: "linux/amd64,linux/arm64",
      "cache-from": "type=gha,scope=image-${{ inputs.app }}",
      "cache-to": "type=gha,mode=max,scope=image-${{ inputs.app }}",
    });
    const meta = stepUsing(image, "image", "docker/metadata-action");
    expect(meta.env?.DOCKER_METADATA_SHORT_SHA_LENGTH).toBe(7);
    expect(String(meta.with?.tags).trim().split("\n")).toEqual([
      "type=sha,prefix=sha-,format=short",
    ]);
  });
});

describe("deliver.yml, from a push to main to the image references in git", () => {
  const deliver = workflow("deliver.yml");

  it("runs on pushes to main, but not for a push of manifests only (the write-back's)", () => {
    expect(Object.keys(deliver.on)).toEqual(["push"]);
    expect(deliver.on.push).toEqual({
      branches: ["main"],
      "paths-ignore": ["apps/*/kubernetes/**"],
    });
    expect(deliver.permissions).toEqual({});
  });

  it("builds the apps the push changed, with the inputs of their caller workflows", () => {
    const changed = steps(deliver, "changed").map((step) => step.run ?? "");
    expect(changed.join("\n")).toContain('pnpm --silent write-back changed --before "$BEFORE"');
    const image = job(deliver, "image");
    expect(image.uses).toBe("./.github/workflows/image.yml");
    expect(image.permissions).toEqual({ contents: "read", packages: "write" });
  });

  it("grants contents: write to the write-back job alone, which commits with [skip ci]", () => {
    for (const [id, candidate] of Object.entries(deliver.jobs)) {
      expect(candidate.permissions?.contents, id).toBe(id === "write-back" ? "write" : "read");
    }
    const run = steps(deliver, "write-back")
      .map((step) => step.run ?? "")
      .join("\n");
    expect(run).toContain('pnpm --silent write-back --source "$GITHUB_SHA"');
    expect(stepUsing(deliver, "write-back", "actions/checkout").with?.["fetch-depth"]).toBe(0);
  });
});
