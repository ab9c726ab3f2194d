// What deliver.yml does on a push: which pushes start it, which apps it builds with which
// inputs, what the write-back and push-mode deploy run, by evaluating its expressions and
// running its shell steps.
import { readCallerWorkflow } from "@repo/rollout/caller-workflow";
import { registrySecretNames } from "@repo/rollout/deploy-config";
import { MANIFESTS } from "@repo/write-back/changed-apps";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import picomatch from "picomatch";
import { describe, expect, it } from "vitest";
import { repositoryRoot } from "./repository-copy.js";
import { type Contexts, evaluate, evaluateAll, holds } from "./workflow-expression.js";
import { findWorkflow, job, loadWorkflows, step, stepUsing } from "./workflow-files.js";
import { runStep } from "./workflow-shell.js";
import { triggers } from "./workflow-triggers.js";

const workflows = await loadWorkflows(repositoryRoot);
const deliver = findWorkflow(workflows, "deliver.yml");
const image = findWorkflow(workflows, "image.yml");
const before = "a".repeat(40);
const after = "b".repeat(40);
const github = {
  event_name: "push",
  ref: "refs/heads/main",
  sha: after,
  event: { before, repository: { default_branch: "main" } },
};
const builds = [
  {
    app: "demo",
    dockerfile: "apps/demo/Dockerfile",
    image: "docker.io/acme/demo",
    registry: "docker.io",
    login: "secrets",
  },
  {
    app: "orders",
    dockerfile: "apps/orders/Dockerfile",
    image: "docker.io/acme/orders",
    registry: "docker.io",
    login: "secrets",
  },
];

const needs = (apps: unknown[], results: Record<string, string> = {}) => ({
  changed: { result: results.changed ?? "success", outputs: { apps: JSON.stringify(apps) } },
  image: { result: results.image ?? "success", outputs: {} },
  "write-back": {
    result: results["write-back"] ?? "success",
    outputs: { commit: results.commit ?? "" },
  },
});

describe("deliver.yml starts", () => {
  const push = (branch: string, files: string[]) =>
    triggers(deliver, { name: "push", branch, files });

  it("on a push to main that changes what an image is made of", () => {
    expect(push("main", ["apps/demo/src/app.ts"])).toBe(true);
    expect(
      push("main", ["packages/service/src/index.ts", "apps/demo/kubernetes/service.yaml"]),
    ).toBe(true);
  });

  it("not on its own write-back commit, which changes manifests only, so it never loops", () => {
    expect(push("main", ["apps/demo/kubernetes/deployment.yaml"])).toBe(false);
    expect(
      push("main", [
        "apps/demo/kubernetes/deployment.yaml",
        "apps/orders/kubernetes/deployment.yaml",
      ]),
    ).toBe(false);
  });

  it("ignoring exactly the files the write-back leaves out of an image's inputs", () => {
    const isManifest = picomatch(MANIFESTS, { dot: true });
    for (const file of [
      "apps/demo/kubernetes/deployment.yaml",
      "apps/demo/kubernetes/nested/x.yaml",
      "apps/demo/src/kubernetes.ts",
      "packages/kubernetes/a.yaml",
    ]) {
      expect(push("main", [file]), file).toBe(!isManifest(file));
    }
  });

  it("not on other branches, pull requests or by hand", () => {
    expect(push("feature", ["apps/demo/src/app.ts"])).toBe(false);
    expect(
      triggers(deliver, { name: "pull_request", branch: "main", files: ["apps/demo/src/app.ts"] }),
    ).toBe(false);
    expect(triggers(deliver, { name: "workflow_dispatch", branch: "main", files: [] })).toBe(false);
  });
});

describe("deliver.yml's builds", { timeout: 60_000 }, () => {
  it("are the apps `pnpm write-back changed` lists for the push's range", async () => {
    const changed = step(job(deliver, "changed"), "changed");
    const env = evaluateAll(changed.env, { github });
    const run = await runStep(changed.run ?? "", {
      env: { ...env, GITHUB_SHA: after },
      commands: { pnpm: JSON.stringify(builds) },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.calls).toEqual([
      ["pnpm", "--silent", "write-back", "changed", "--before", before, "--after", after],
    ]);
    expect(run.output).toBe(`apps=${JSON.stringify(builds)}\n`);
  });

  it("run one image job per changed app, none when no app changed, and one failure stops no other", () => {
    const imageJob = job(deliver, "image");
    expect(holds(imageJob.if, { needs: needs([]) })).toBe(false);
    expect(holds(imageJob.if, { needs: needs(builds) })).toBe(true);
    expect(evaluate(imageJob.strategy?.matrix?.include, { needs: needs(builds) })).toEqual(builds);
    expect(imageJob.strategy?.["fail-fast"]).toBe(false);
  });

  it("call the image workflow with the inputs of each app's own caller workflow", async () => {
    const imageJob = job(deliver, "image");
    expect(imageJob.uses).toBe("./.github/workflows/image.yml");
    const callers = workflows.filter((w) => /\/app-[a-z0-9-]+\.yml$/.test(w.file));
    expect(callers.length).toBeGreaterThan(0);
    for (const caller of callers) {
      const app = /app-([a-z0-9-]+)\.yml$/.exec(caller.file)?.[1] ?? "";
      const { build } = await readCallerWorkflow(repositoryRoot, app);
      const callerJob = Object.values(caller.workflow.jobs).find((j) => j.uses === imageJob.uses);
      expect(evaluateAll(imageJob.with, { matrix: build }), caller.file).toEqual(callerJob?.with);
    }
  });

  it("hand the image workflow the secrets it declares", () => {
    const imageJob = job(deliver, "image");
    const declared = Object.keys(image.on.workflow_call?.secrets ?? {}).sort();
    expect(Object.keys(imageJob.secrets ?? {}).sort()).toEqual(declared);
  });

  it.each(["docker.io", "harbor.example.com"])(
    "log in to %s with the repository secrets registrySecretNames names for it",
    (registry) => {
      const config = {
        registry,
        imageNamespace: "acme",
        domain: "example.com",
        ingressClass: "nginx",
      };
      const names = registrySecretNames(config);
      if (!names) throw new Error(`${registry} should log in with secrets`);
      const secrets = { [names.username]: "robot", [names.token]: "t0ken", GITHUB_TOKEN: "ghs_1" };
      const expected = { REGISTRY_USERNAME: "robot", REGISTRY_TOKEN: "t0ken" };
      expect(evaluateAll(job(deliver, "image").secrets, { secrets })).toEqual(expected);
      // The write-back reads the pushed digests with the same secrets.
      const writeBackEnv = evaluateAll(step(job(deliver, "write-back"), "write-back").env, {
        secrets,
        needs: needs(builds),
      });
      expect(writeBackEnv).toMatchObject(expected);
    },
  );

  it("prefer the generic secrets when both are set", () => {
    const secrets = {
      DOCKERHUB_USERNAME: "hub-user",
      DOCKERHUB_TOKEN: "hub-token",
      REGISTRY_USERNAME: "robot",
      REGISTRY_TOKEN: "t0ken",
    };
    expect(evaluateAll(job(deliver, "image").secrets, { secrets })).toEqual({
      REGISTRY_USERNAME: "robot",
      REGISTRY_TOKEN: "t0ken",
    });
  });
});

describe("deliver.yml's write-back", { timeout: 60_000 }, () => {
  const writeBack = job(deliver, "write-back");

  it("runs after the builds, even when some failed, but not when nothing changed or the run was cancelled", () => {
    expect(holds(writeBack.if, { needs: needs(builds) })).toBe(true);
    expect(holds(writeBack.if, { needs: needs(builds, { image: "failure" }) })).toBe(true);
    expect(holds(writeBack.if, { needs: needs([]) })).toBe(false);
    expect(holds(writeBack.if, { needs: needs(builds, { changed: "failure" }) })).toBe(false);
    expect(holds(writeBack.if, { needs: needs(builds) }, { cancelled: true })).toBe(false);
  });

  it("writes back every changed app at the pushed commit", async () => {
    const run = step(writeBack, "write-back");
    const env = evaluateAll(run.env, { needs: needs(builds), secrets: {} });
    const result = await runStep(run.run ?? "", {
      env: { ...env, GITHUB_SHA: after },
      commands: { pnpm: "" },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.calls).toEqual([
      ["pnpm", "--silent", "write-back", "--source", after, "--app", "demo", "--app", "orders"],
    ]);
  });

  it("queues behind an earlier write-back instead of cancelling it, and has the history to rebase", () => {
    expect(writeBack.concurrency?.["cancel-in-progress"]).toBe(false);
    expect(stepUsing(writeBack, "actions/checkout").with?.["fetch-depth"]).toBe(0);
  });
});

describe("deliver.yml's push-mode deploy", { timeout: 60_000 }, () => {
  const deploy = job(deliver, "deploy");
  const apply = step(deploy, "Apply every app's manifests and wait for the rollouts");

  it("runs only when the repository chose push mode and the write-back succeeded", () => {
    const vars = (mode: string) => ({ DEPLOY_MODE: mode });
    expect(holds(deploy.if, { vars: vars("push"), needs: needs(builds) })).toBe(true);
    expect(holds(deploy.if, { vars: vars(""), needs: needs(builds) })).toBe(false);
    expect(
      holds(deploy.if, { vars: vars("push"), needs: needs(builds, { "write-back": "failure" }) }),
    ).toBe(false);
  });

  it("deploys the write-back's commit, or the branch when it wrote nothing", () => {
    const checkout = stepUsing(deploy, "actions/checkout");
    const ref = (commit: string) =>
      evaluate(checkout.with?.ref, { github, needs: needs(builds, { commit }) });
    expect(ref("c0ffee")).toBe("c0ffee");
    expect(ref("")).toBe("refs/heads/main");
  });

  it("stops with the fix when the KUBECONFIG secret is missing", async () => {
    const run = await runStep(apply.run ?? "", { env: { KUBECONFIG_DATA: "", NAMESPACE: "" } });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("::error title=KUBECONFIG missing::");
  });

  it("applies every app's manifests and waits for each rollout, in the namespace given", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "deploy-step-"));
    try {
      for (const app of ["demo", "orders"]) {
        await mkdir(path.join(dir, "apps", app, "kubernetes"), { recursive: true });
        await writeFile(path.join(dir, "apps", app, "kubernetes", "deployment.yaml"), "");
      }
      const env = (context: Contexts) => evaluateAll(apply.env, context);
      const secrets = { KUBECONFIG: "apiVersion: v1\n" };
      const scoped = await runStep(apply.run ?? "", {
        env: env({ secrets, vars: { DEPLOY_NAMESPACE: "shop" } }),
        commands: { kubectl: "" },
        cwd: dir,
      });
      expect(scoped.code, scoped.stderr).toBe(0);
      expect(scoped.calls).toEqual([
        ["kubectl", "apply", "--namespace", "shop", "-f", "apps/demo/kubernetes"],
        ["kubectl", "rollout", "status", "--namespace", "shop", "deployment/demo", "--timeout=5m"],
        ["kubectl", "apply", "--namespace", "shop", "-f", "apps/orders/kubernetes"],
        [
          "kubectl",
          "rollout",
          "status",
          "--namespace",
          "shop",
          "deployment/orders",
          "--timeout=5m",
        ],
      ]);
      const unscoped = await runStep(apply.run ?? "", {
        env: env({ secrets, vars: {} }),
        commands: { kubectl: "" },
        cwd: dir,
      });
      expect(unscoped.calls[0]).toEqual(["kubectl", "apply", "-f", "apps/demo/kubernetes"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
