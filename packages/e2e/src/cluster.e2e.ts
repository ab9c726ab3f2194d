// Every app on a running cluster, from a copy of the working tree: pnpm deploy:local to Ready
// pods that answer through their Service; a source change rolled out under load with 0 failed
// requests; a scale to zero under load with 0 failed; a delete that leaves nothing. Broken
// images make deploy:local fail with the cluster's reason.
import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { appsWithDockerfile, deployableApps } from "@repo/workspace/apps";
import { repositoryRoot as repoRoot } from "@repo/workspace/repository-root";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clusterJourneyTests } from "./cluster-journey-tests.js";
import { assertEngineReachable } from "./docker-cli.js";
import { pnpmDeployLocal } from "./deploy-local-cli.js";
import { createNamespace, deleteNamespace, requireReadyNode } from "./kube-cluster.js";
import { copyWorkspace } from "./workspace-copy.js";

const say = (line: string) => process.stdout.write(`${line}\n`);
const apps = deployableApps(repoRoot).filter((app) => appsWithDockerfile(repoRoot).includes(app));

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
  clusterJourneyTests(app, () => copy, KNOWN_ANSWERS[app]);
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
