import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { repositoryRoot as root } from "@repo/workspace/repository-root";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changedApps } from "../src/changed-apps.js";
import { sh } from "./git-fixture.js";

let dir: string;
const commits: Record<string, string> = {};

async function commit(name: string, files: Record<string, string>): Promise<void> {
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  await sh(dir, ["add", "-A"]);
  await sh(dir, ["commit", "--quiet", "-m", name]);
  commits[name] = await sh(dir, ["rev-parse", "HEAD"]);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "changed-apps-"));
  await sh(dir, ["init", "--quiet", "--initial-branch=main"]);
  // The demo's caller workflow as it is, and one for an app that does not use packages/service.
  const demo = await readFile(path.join(root, ".github/workflows/app-demo.yml"), "utf8");
  await commit("seed", {
    ".github/workflows/app-demo.yml": demo,
    ".github/workflows/app-orders.yml": demo
      .replaceAll("demo", "orders")
      .replace("      - packages/service/**\n", ""),
    ".github/workflows/ci.yml": "name: ci\non: push\njobs: {}\n",
  });
  await commit("service", { "packages/service/src/x.ts": "1" });
  await commit("orders", { "apps/orders/src/main.ts": "1" });
  await commit("manifests", { "apps/demo/kubernetes/deployment.yaml": "kind: Deployment\n" });
  await commit("docs", { "docs/en/01.md": "text", "README.md": "text" });
  await commit("lockfile", { "pnpm-lock.yaml": "lock" });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const apps = async (before: string | undefined, after: string) =>
  (await changedApps(dir, before, after)).map((build) => build.app);

describe("the apps a push changed", () => {
  it("are those whose caller workflow lists a changed path", async () => {
    expect(await apps(commits.seed, commits.service!)).toEqual(["demo"]);
    expect(await apps(commits.service, commits.orders!)).toEqual(["orders"]);
    expect(await apps(commits.docs, commits.lockfile!)).toEqual(["demo", "orders"]);
    expect(await apps(commits.seed, commits.orders!)).toEqual(["demo", "orders"]);
  });

  it("leave out pushes of docs or manifests only", async () => {
    expect(await apps(commits.orders, commits.manifests!)).toEqual([]);
    expect(await apps(commits.manifests, commits.docs!)).toEqual([]);
  });

  it("are every app when the previous push is unknown (a new branch, a force push)", async () => {
    expect(await apps("0".repeat(40), commits.docs!)).toEqual(["demo", "orders"]);
    expect(await apps(undefined, commits.docs!)).toEqual(["demo", "orders"]);
    expect(await apps(commits.docs, commits.seed!)).toEqual(["demo", "orders"]);
  });

  it("carry the image workflow's inputs from the caller workflow", async () => {
    const [demo] = await changedApps(dir, commits.seed, commits.service!);
    expect(demo).toEqual({
      app: "demo",
      dockerfile: "apps/demo/Dockerfile",
      image: "docker.io/your-dockerhub-username/demo",
      registry: "docker.io",
      login: "secrets",
    });
  });
});
