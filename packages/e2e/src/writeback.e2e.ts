// The loop from a push to running pods, with no hand in between, proven without GitHub: the
// demo's image is built and pushed to a real registry with the tag the image workflow pushes,
// the write-back command records the pushed digest in git, and the manifests of the write-back
// commit are applied as Argo CD would apply them. The pods pull by digest and roll under load
// with no failed request; reverting the write-back commit rolls them back.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { repositoryRoot as root } from "@repo/workspace/repository-root";
import { lookupDigest } from "@repo/workspace/registry-digest";
import { applyRollout, commitRollout, planRollout } from "@repo/rollout/rollout";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appOnCluster, clusterIp, readyPods } from "./cluster-journey.js";
import { docker } from "./docker-cli.js";
import { createNamespace, deleteNamespace, requireCluster } from "./kube-cluster.js";
import { kubectl } from "@repo/workspace/kubectl";
import { describeLoad, type LoadReport, runLoad } from "./load-keep-alive.js";
import { pnpmWriteBack } from "./writeback-cli.js";
import { journeyRepo, type JourneyRepo } from "./writeback-repo.js";

const registry = process.env.REGISTRY;
const MANIFEST = "apps/demo/kubernetes/deployment.yaml";

let repo: JourneyRepo;
let namespace: string;
let repository: string;

/** Builds the demo from the runner's clone at `commit` and pushes it as CI does: sha-<7>. */
async function buildAndPush(commit: string, label: string): Promise<string> {
  const tag = `${repository}:sha-${commit.slice(0, 7)}`;
  const network = process.env.DOCKER_NETWORK ? ["--network", process.env.DOCKER_NETWORK] : [];
  await docker(
    [
      "build",
      ...network,
      "--label",
      `org.opencontainers.image.revision=${label}`,
      "-f",
      "apps/demo/Dockerfile",
      "-t",
      tag,
      ".",
    ],
    { cwd: repo.runner, timeoutMs: 900_000 },
  );
  const pushed = await docker(["push", tag], { timeoutMs: 300_000 });
  const digest = /digest: (sha256:[0-9a-f]{64})/.exec(pushed)?.[1];
  if (!digest) throw new Error(`docker push printed no digest:\n${pushed}`);
  return digest;
}

/**
 * Applies the app's folder at `commit` the way Argo CD syncs it, then waits until every pod is
 * ready and runs `image`, none terminating.
 */
async function applyAt(commit: string, image: string): Promise<void> {
  const checkout = await repo.checkout(commit);
  await kubectl([
    "apply",
    "--namespace",
    namespace,
    "--filename",
    path.join(checkout, "apps/demo/kubernetes"),
  ]);
  await readyPods(await appOnCluster(checkout, "demo", namespace), image);
}

/** The image IDs the demo's running containers report: repository@digest as pulled. */
async function runningImageIds(): Promise<string[]> {
  const pods = JSON.parse(
    await kubectl([
      "get",
      "pods",
      "--namespace",
      namespace,
      "--selector",
      "app.kubernetes.io/name=demo",
      "--output",
      "json",
    ]),
  ) as {
    items: {
      metadata: { deletionTimestamp?: string };
      status: { containerStatuses?: { imageID: string }[] };
    }[];
  };
  return pods.items
    .filter((pod) => !pod.metadata.deletionTimestamp)
    .flatMap((pod) => (pod.status.containerStatuses ?? []).map((status) => status.imageID));
}

/** Runs `step` under a bounded keep-alive load on the Service's ClusterIP. */
async function underLoad(step: () => Promise<void>): Promise<LoadReport> {
  const url = await clusterIp(await appOnCluster(repo.runner, "demo", namespace));
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const load = runLoad({
    target: () => url,
    path: "/",
    connections: 16,
    pauseMs: 20,
    until: finished,
    maxDurationMs: 420_000,
  });
  try {
    await step();
  } finally {
    done();
  }
  return load;
}

beforeAll(async () => {
  if (!registry) {
    throw new Error(
      "REGISTRY is not set: start a registry the cluster pulls from (e.g. docker run -d -p 5000:5000 registry:2) and export REGISTRY=localhost:5000.",
    );
  }
  await requireCluster();
  repo = await journeyRepo(root);
  namespace = await createNamespace("writeback");
  const imageNamespace = `writeback-${randomBytes(3).toString("hex")}`;
  repository = `${registry}/${imageNamespace}/demo`;
  // The user switches to their registry: deploy.config.yaml, and the manifests that follow it.
  await repo.commitAndPush("Push images to the local registry", {
    "deploy.config.yaml": (text) =>
      text
        .replace(/^registry: .*$/m, `registry: ${registry}`)
        .replace(/^imageNamespace: .*$/m, `imageNamespace: ${imageNamespace}`),
    [MANIFEST]: (text) => text.replace(/image: \S+/, `image: ${repository}:sha-0000000`),
  });
}, 120_000);

afterAll(async () => {
  if (namespace) await deleteNamespace(namespace);
  await repo?.cleanup();
});

describe("from a push to running pods: build, push, write back, sync", () => {
  const written: { source: string; digest: string; commit: string }[] = [];

  it("writes the digest the push returned back into git, in one [skip ci] commit", async () => {
    const source = await repo.commitAndPush("Change the demo", {
      "apps/demo/src/main.ts": (text) => `${text}// first build\n`,
    });
    const digest = await buildAndPush(source, "first");
    // The registry gives the same digest for the tag: what the workflow's write-back looks up.
    expect(await lookupDigest(`${repository}:sha-${source.slice(0, 7)}`)).toBe(digest);

    const run = await pnpmWriteBack(
      root,
      ["--repo", repo.runner, "--source", source, "--app", "demo"],
      {
        REGISTRY: registry,
      },
    );
    expect(run.code, run.output).toBe(0);
    const commit = await repo.git(repo.remote, "rev-parse", "main");
    expect(await repo.git(repo.remote, "log", "-1", "--format=%s", "main")).toBe(
      `Deploy ${source.slice(0, 7)} to demo [skip ci]`,
    );
    expect(await repo.git(repo.remote, "show", `main:${MANIFEST}`)).toContain(
      `image: ${repository}:sha-${source.slice(0, 7)}@${digest}`,
    );
    written.push({ source, digest, commit });
  });

  it("runs that commit's manifests: the pods pull the image by its digest", async () => {
    const [first] = written;
    const image = `${repository}:sha-${first!.source.slice(0, 7)}@${first!.digest}`;
    await applyAt(first!.commit, image);
    const ids = await runningImageIds();
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id).toContain(first!.digest);
  });

  it("rolls to the next push's image with no failed request under load", async () => {
    const source = await repo.commitAndPush("Change the demo again", {
      "apps/demo/src/main.ts": (text) => `${text}// second build\n`,
    });
    const digest = await buildAndPush(source, "second");
    const run = await pnpmWriteBack(
      root,
      [
        "--repo",
        repo.runner,
        "--source",
        source,
        "--image",
        `demo=${repository}:sha-${source.slice(0, 7)}@${digest}`,
      ],
      {},
    );
    expect(run.code, run.output).toBe(0);
    const commit = await repo.git(repo.remote, "rev-parse", "main");
    written.push({ source, digest, commit });

    const load = await underLoad(() =>
      applyAt(commit, `${repository}:sha-${source.slice(0, 7)}@${digest}`),
    );
    expect(load.sent, describeLoad(load)).toBeGreaterThan(50);
    expect(load.failed, describeLoad(load)).toBe(0);
    for (const id of await runningImageIds()) expect(id).toContain(digest);
  });

  it("rolls back when the write-back commit is reverted, with no failed request under load", async () => {
    const [first, second] = written;
    await repo.git(repo.runner, "pull", "--quiet", "--ff-only", "origin", "main");
    await repo.git(repo.runner, "revert", "--no-edit", second!.commit);
    await repo.git(repo.runner, "push", "--quiet", "origin", "HEAD:main");
    const revert = await repo.git(repo.runner, "rev-parse", "HEAD");
    expect(await repo.git(repo.remote, "show", `main:${MANIFEST}`)).toContain(`@${first!.digest}`);

    const image = `${repository}:sha-${first!.source.slice(0, 7)}@${first!.digest}`;
    const load = await underLoad(() => applyAt(revert, image));
    expect(load.sent, describeLoad(load)).toBeGreaterThan(50);
    expect(load.failed, describeLoad(load)).toBe(0);
    for (const id of await runningImageIds()) expect(id).toContain(first!.digest);
  });

  it("pnpm rollout writes a commit's digest-pinned image into git, and --apply rolls to it", async () => {
    const second = written[1]!;
    await repo.git(repo.runner, "pull", "--quiet", "--ff-only", "origin", "main");
    // HEAD, the revert, changed only the manifest: it resolves to the last build, saying so.
    const plan = await planRollout({ root: repo.runner, app: "demo", commit: "HEAD", namespace });
    expect(plan.commit).toBe(second.source);
    expect(plan.notes[0]).toContain("changed nothing demo's image is made of");
    const resolved = await planRollout({
      root: repo.runner,
      app: "demo",
      commit: second.source,
      namespace,
    });
    expect(resolved).toMatchObject({
      commit: second.source,
      image: `${repository}:sha-${second.source.slice(0, 7)}@${second.digest}`,
      notes: [],
    });
    const commit = await commitRollout(repo.runner, resolved);
    expect(commit).toBeDefined();
    await applyRollout(repo.runner, resolved);
    await readyPods(await appOnCluster(repo.runner, "demo", namespace), resolved.image);
    for (const id of await runningImageIds()) expect(id).toContain(second.digest);
  });
});
