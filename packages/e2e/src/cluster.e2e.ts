// Every app on a running cluster, from a copy of the working tree: pnpm deploy:local to Ready
// pods that answer through their Service; a source change rolled out under load with 0 failed
// requests; a scale to zero under load with 0 failed; a delete that leaves nothing. Broken
// images make deploy:local fail with the cluster's reason.
import { existsSync } from "node:fs";
import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AppOnCluster,
  appOnCluster,
  clusterIp,
  deleteApp,
  deployLocal,
  getJson,
  readyPods,
  rolloutSourceChange,
  scaleToZero,
} from "./cluster-journey.js";
import { repoRoot } from "./docker-apps.js";
import { assertEngineReachable } from "./docker-cli.js";
import { pnpmDeployLocal } from "./deploy-local-cli.js";
import { createNamespace, deleteNamespace, requireReadyNode } from "./kube-cluster.js";
import { appsWithManifests } from "./kube-manifests.js";
import { describeLoad } from "./load-keep-alive.js";
import { REVISION_ROUTE } from "./source-change.js";
import { copyWorkspace } from "./workspace-copy.js";

const say = (line: string) => process.stdout.write(`${line}\n`);
const apps = (await appsWithManifests(repoRoot)).filter((app) =>
  existsSync(path.join(repoRoot, "apps", app, "Dockerfile")),
);

/** Answers known for an app's routes, beside the GET / that every app has. */
const KNOWN_ANSWERS: Record<string, [string, unknown][]> = {
  demo: [
    ["/", { Hello: "World" }],
    ["/items/5?q=somequery", { item_id: 5, q: "somequery" }],
  ],
};

let copy = "";
const namespaces: string[] = [];

beforeAll(async () => {
  say(`node ${await requireReadyNode()}, docker engine ${await assertEngineReachable()}`);
  copy = await copyWorkspace(repoRoot, "shipyard-cluster-e2e");
});
afterAll(async () => {
  for (const namespace of namespaces) await deleteNamespace(namespace);
  if (copy) await rm(copy, { recursive: true, force: true });
});

describe.each(apps)("apps/%s on a running cluster", (app) => {
  let target: AppOnCluster;
  let image = "";

  beforeAll(async () => {
    const namespace = await createNamespace(`e2e-${app}`);
    namespaces.push(namespace);
    target = await appOnCluster(copy, app, namespace);
  });

  it("pnpm deploy:local brings it to Ready pods that answer through the Service's ClusterIP", async () => {
    const started = Date.now();
    ({ image } = await deployLocal(target));
    say(
      `${app}: deploy:local → Ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${image})`,
    );
    await readyPods(target, image);
    const url = await clusterIp(target);
    for (const probe of ["/healthz", "/readyz"]) {
      expect((await getJson(`${url}${probe}`)).status).toBe(200);
    }
    const root = await getJson(`${url}/`);
    expect(root.status).toBe(200);
    expect(typeof root.body).toBe("object");
    for (const [route, body] of KNOWN_ANSWERS[app] ?? []) {
      expect(await getJson(`${url}${route}`)).toEqual({ status: 200, body });
    }
    expect((await getJson(`${url}${REVISION_ROUTE}`)).status).toBe(404);
  });

  it("rolls out a source change under load: 0 failed, every pod replaced, the new answer served", async () => {
    const measure = await rolloutSourceChange(target, image);
    say(`${app}: rollout under load: ${describeLoad(measure.load)}`);
    expect(measure.load.sent).toBeGreaterThan(0);
    expect(measure.load.failures).toEqual({});
    expect(measure.after).toHaveLength(target.replicas);
    expect(measure.after.filter((pod) => measure.before.includes(pod))).toEqual([]);
    const url = await clusterIp(target);
    expect(await getJson(`${url}${REVISION_ROUTE}`)).toEqual({
      status: 200,
      body: { revision: "2" },
    });
  });

  it("scales to zero under load: 0 failed until the endpoints are gone", async () => {
    const load = await scaleToZero(target);
    say(`${app}: scale to 0 under load: ${describeLoad(load)}`);
    expect(load.sent).toBeGreaterThan(0);
    expect(load.failures).toEqual({});
  });

  it("kubectl delete -f apps/<app>/kubernetes leaves nothing of it", async () => {
    await deleteApp(target);
  });
});

describe("pnpm deploy:local explains an image whose pods never become ready", () => {
  /** An app in the copy whose image runs a broken fixture, with the demo's manifests. */
  async function brokenApp(name: string, entry: string): Promise<void> {
    const dir = path.join(copy, "apps", name);
    await mkdir(path.join(dir, "kubernetes"), { recursive: true });
    await writeFile(
      path.join(dir, "Dockerfile"),
      [
        "FROM gcr.io/distroless/nodejs24-debian12:nonroot",
        `COPY packages/e2e/fixtures/broken-images/${entry} /fixture/entry.mjs`,
        "USER 65532:65532",
        "EXPOSE 8000",
        'CMD ["/fixture/entry.mjs"]',
        "",
      ].join("\n"),
    );
    const demo = path.join(copy, "apps", "demo", "kubernetes");
    for (const file of await readdir(demo)) {
      const text = await readFile(path.join(demo, file), "utf8");
      await writeFile(path.join(dir, "kubernetes", file), text.replace(/\bdemo\b/g, name));
    }
  }

  it.concurrent.each([
    {
      name: "never-ready",
      entry: "never-ready.mjs",
      says: [
        /Unhealthy: Readiness probe failed: HTTP probe failed with statuscode: 503/,
        /waiting for the database at db:5432/,
        /The container runs but its readiness probe fails/,
      ],
    },
    {
      name: "crashes",
      entry: "crashes.mjs",
      says: [
        /last run of crashes exited with code 1 \(Error\)/,
        /Invalid environment: DATABASE_URL is not set/,
        /The container exits instead of serving/,
      ],
    },
  ])("$name: exits non-zero with the cluster's reason", async ({ name, entry, says }) => {
    await brokenApp(name, entry);
    const namespace = await createNamespace(`e2e-${name}`);
    namespaces.push(namespace);
    const run = await pnpmDeployLocal(copy, [name, "--namespace", namespace, "--timeout", "60"]);
    say(run.output.slice(run.output.indexOf("deploy:local: deployment/")));
    expect(run.code).not.toBe(0);
    expect(run.output).toContain(
      `deploy:local: deployment/${name} did not become ready within 60 s`,
    );
    for (const pattern of says) expect(run.output).toMatch(pattern);
  });
});
