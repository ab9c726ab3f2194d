// What the reusable image workflow does for each event: when it pushes, how it logs in, which
// tag it pushes, and what its first step stops on, by evaluating its expressions and running
// its shell steps.
import {
  type DeployConfig,
  imageRepository,
  KNOWN_REGISTRIES,
  registryLogin,
} from "@repo/rollout/deploy-config";
import { SHORT_SHA_LENGTH, shaTag } from "@repo/rollout/commit-tag";
import { describe, expect, it } from "vitest";
import { repositoryRoot } from "./repository-copy.js";
import { type Contexts, evaluate, evaluateAll, holds } from "./workflow-expression.js";
import { findWorkflow, job, loadWorkflows, step, stepUsing } from "./workflow-files.js";
import { runStep } from "./workflow-shell.js";

const workflows = await loadWorkflows(repositoryRoot);
const image = findWorkflow(workflows, "image.yml");
const imageJob = job(image, "image");

const repository = { default_branch: "main" };
const pullRequest = { event_name: "pull_request", ref: "refs/pull/7/merge", event: { repository } };
const pushToMain = { event_name: "push", ref: "refs/heads/main", event: { repository } };
const events = {
  "a pull request": pullRequest,
  "a push to another branch": {
    event_name: "push",
    ref: "refs/heads/feature",
    event: { repository },
  },
  "a manual run on main": {
    event_name: "workflow_dispatch",
    ref: "refs/heads/main",
    event: { repository },
  },
  "a push to main": pushToMain,
};

const acme = {
  app: "demo",
  dockerfile: "apps/demo/Dockerfile",
  image: "docker.io/acme/demo",
  registry: "docker.io",
  login: "secrets",
};
const commit = "1234567890abcdef1234567890abcdef12345678";

function contexts(
  github: object,
  inputs: Record<string, string> = acme,
  secrets: Record<string, string> = {},
  steps: object = {},
): Contexts {
  const base = { github: { ...github, actor: "octocat", sha: commit }, inputs, secrets, steps };
  return { ...base, env: evaluateAll(imageJob.env, base) };
}

/** Runs the first step, which checks the inputs and secrets before anything is built. */
async function checkSettings(context: Contexts) {
  const first = (imageJob.steps ?? [])[0];
  return runStep(first?.run ?? "", {
    env: { ...(context.env as Record<string, string>), ...evaluateAll(first?.env, context) },
  });
}

describe("image.yml publishes", () => {
  it.each(Object.entries(events))(
    "on %s: only if it is a push to the default branch",
    (name, github) => {
      const pushes = name === "a push to main";
      const context = contexts(github);
      expect((context.env as Record<string, string>).PUSH).toBe(String(pushes));
      expect(evaluate(stepUsing(imageJob, "docker/build-push-action").with?.push, context)).toBe(
        pushes,
      );
      const digest = evaluate(imageJob.outputs?.digest, {
        ...context,
        steps: { build: { outputs: { digest: "sha256:feed" } } },
      });
      expect(digest).toBe(pushes ? "sha256:feed" : "");
    },
  );

  it("from whatever the default branch is called, not from a branch named main", () => {
    const trunk = { default_branch: "trunk" };
    const env = (ref: string) =>
      contexts({ event_name: "push", ref, event: { repository: trunk } }).env as Record<
        string,
        string
      >;
    expect(env("refs/heads/trunk").PUSH).toBe("true");
    expect(env("refs/heads/main").PUSH).toBe("false");
  });

  it("the commit's immutable tag alone, sha-<7 hex digits>, the tag rollout and the write-back compute", () => {
    const meta = stepUsing(imageJob, "docker/metadata-action");
    const rules = String(meta.with?.tags).trim().split("\n");
    expect(rules).toHaveLength(1);
    const rule = Object.fromEntries(
      (rules[0] ?? "").split(",").map((pair) => pair.split("=") as [string, string]),
    );
    expect(rule).toEqual({ type: "sha", prefix: "sha-", format: "short" });
    const length = Number(evaluate(meta.env?.DOCKER_METADATA_SHORT_SHA_LENGTH, {}));
    expect(length).toBe(SHORT_SHA_LENGTH);
    expect(`${rule.prefix}${commit.slice(0, length)}`).toBe(shaTag(commit));
    expect(evaluate(meta.with?.images, contexts(pushToMain))).toBe(acme.image);
    const build = stepUsing(imageJob, "docker/build-push-action");
    expect(build.with?.tags).toBe(`\${{ steps.${meta.id}.outputs.tags }}`);
  });
});

describe("image.yml logs in", () => {
  const logins = (stepsContext: Contexts) =>
    (imageJob.steps ?? [])
      .filter((candidate) => candidate.uses?.startsWith("docker/login-action@"))
      .filter((login) => holds(login.if, stepsContext))
      .map((login) => evaluateAll(login.with, stepsContext));
  const secrets = { REGISTRY_USERNAME: "robot", REGISTRY_TOKEN: "t0ken", GITHUB_TOKEN: "ghs_1" };

  it("never on a pull request, whatever the login", () => {
    for (const login of ["secrets", "github-token", "none"]) {
      expect(logins(contexts(pullRequest, { ...acme, login }, secrets)), login).toEqual([]);
    }
  });

  it("on a push to main, to the registry it was given, as the login input says", () => {
    expect(logins(contexts(pushToMain, acme, secrets))).toEqual([
      { registry: "docker.io", username: "robot", password: "t0ken" },
    ]);
    const ghcr = {
      ...acme,
      image: "ghcr.io/acme/demo",
      registry: "ghcr.io",
      login: "github-token",
    };
    expect(logins(contexts(pushToMain, ghcr, secrets))).toEqual([
      { registry: "ghcr.io", username: "octocat", password: "ghs_1" },
    ]);
    const ttl = { ...acme, image: "ttl.sh/acme/demo", registry: "ttl.sh", login: "none" };
    expect(logins(contexts(pushToMain, ttl, secrets))).toEqual([]);
  });

  it("with the caller's token only: it asks for no permission of its own", () => {
    expect(image.permissions).toBeUndefined();
    for (const [id, candidate] of Object.entries(image.jobs)) {
      expect(candidate.permissions, id).toBeUndefined();
    }
  });
});

describe("image.yml builds", () => {
  it("both platforms from the repository root with the app's Dockerfile, each app with a cache of its own", () => {
    const build = stepUsing(imageJob, "docker/build-push-action");
    const demo = evaluateAll(build.with, contexts(pushToMain));
    const orders = evaluateAll(
      build.with,
      contexts(pushToMain, { ...acme, app: "orders", dockerfile: "apps/orders/Dockerfile" }),
    );
    expect(demo.context).toBe(".");
    expect(orders.file).toBe("apps/orders/Dockerfile");
    expect(demo.platforms?.split(",").sort()).toEqual(["linux/amd64", "linux/arm64"]);
    // The runner is amd64: QEMU runs the arm64 half.
    expect(stepUsing(imageJob, "docker/setup-qemu-action").with?.platforms).toBe("arm64");
    expect(demo["cache-from"]).not.toBe(orders["cache-from"]);
    expect(demo["cache-to"]).toContain(demo["cache-from"]?.replace(/^type=gha,/, ""));
    expect(demo["cache-to"]).toContain("mode=max");
  });
});

describe("image.yml's first step", { timeout: 60_000 }, () => {
  it("lets a pull request build without any secret, even with the placeholder namespace", async () => {
    const placeholder = { ...acme, image: "docker.io/your-dockerhub-username/demo" };
    const run = await checkSettings(contexts(pullRequest, placeholder));
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain("not pushed");
  });

  it("stops a push to main without the registry's secrets and says where to add them", async () => {
    const run = await checkSettings(contexts(pushToMain, acme, { REGISTRY_USERNAME: "robot" }));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "::error title=Registry secrets missing::No token to log in to docker.io",
    );
    expect(run.stdout).toContain("Settings → Secrets and variables → Actions");
  });

  it("lets a push to main through with the secrets, or with a login that needs none", async () => {
    const withSecrets = await checkSettings(
      contexts(pushToMain, acme, { REGISTRY_USERNAME: "robot", REGISTRY_TOKEN: "t0ken" }),
    );
    expect(withSecrets.code, withSecrets.stdout).toBe(0);
    const ghcr = {
      ...acme,
      image: "ghcr.io/acme/demo",
      registry: "ghcr.io",
      login: "github-token",
    };
    const withToken = await checkSettings(contexts(pushToMain, ghcr));
    expect(withToken.code, withToken.stdout).toBe(0);
  });

  it("stops a push of the placeholder namespace and names the setting to change", async () => {
    const placeholder = { ...acme, image: "docker.io/your-dockerhub-username/demo" };
    const run = await checkSettings(
      contexts(pushToMain, placeholder, { REGISTRY_USERNAME: "robot", REGISTRY_TOKEN: "t0ken" }),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("set imageNamespace in deploy.config.yaml");
  });

  it("stops an image that is not on the registry it logs in to, on every event", async () => {
    for (const github of [pullRequest, pushToMain]) {
      const run = await checkSettings(contexts(github, { ...acme, image: "ghcr.io/acme/demo" }));
      expect(run.code, github.event_name).toBe(1);
      expect(run.stdout).toContain("::error title=Image and registry disagree::");
    }
  });

  it("accepts every login deploy.config.yaml's registry leads to, and nothing else", async () => {
    const config = (registry: string): DeployConfig => ({
      registry,
      imageNamespace: "acme",
      domain: "example.com",
      ingressClass: "nginx",
    });
    const registries = [...KNOWN_REGISTRIES, "localhost:5000", "harbor.example.com"];
    const logins = new Set<string>();
    for (const registry of registries) {
      const login = registryLogin(config(registry));
      logins.add(login);
      const inputs = { ...acme, image: imageRepository(config(registry), "demo"), registry, login };
      const run = await checkSettings(contexts(pullRequest, inputs));
      expect(run.code, `${registry}: ${run.stdout}`).toBe(0);
    }
    expect([...logins].sort()).toEqual(["github-token", "none", "secrets"]);
    const unknown = await checkSettings(contexts(pullRequest, { ...acme, login: "password" }));
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toContain("::error title=Unknown login::");
  });
  it("asks for secrets by the login input alone, whatever the registry: it keeps no table of registries", async () => {
    for (const registry of ["docker.io", "ghcr.io", "ttl.sh", "harbor.example.com"]) {
      for (const login of ["secrets", "github-token", "none"]) {
        const inputs = { ...acme, image: `${registry}/acme/demo`, registry, login };
        const run = await checkSettings(contexts(pushToMain, inputs));
        expect(run.code, `${registry} with ${login}: ${run.stdout}`).toBe(
          login === "secrets" ? 1 : 0,
        );
      }
    }
  });
});

describe("image.yml's summary", { timeout: 60_000 }, () => {
  const summary = async (github: object) => {
    const last = step(imageJob, "Summary");
    const context = contexts(
      github,
      acme,
      {},
      {
        meta: { outputs: { tags: "docker.io/acme/demo:sha-1234567" } },
        build: { outputs: { digest: "sha256:feed" } },
      },
    );
    return runStep(last.run ?? "", {
      env: { ...(context.env as Record<string, string>), ...evaluateAll(last.env, context) },
    });
  };

  it("names the pushed reference on a push to main, and says nothing was pushed otherwise", async () => {
    const pushed = await summary(pushToMain);
    expect(pushed.code).toBe(0);
    expect(pushed.summary).toContain("`docker.io/acme/demo:sha-1234567@sha256:feed`");
    const built = await summary(pullRequest);
    expect(built.summary).toContain("not pushed");
    expect(built.summary).not.toContain("sha256:feed");
  });
});
