import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { repositoryRoot as root } from "@repo/workspace/repository-root";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TagLookup } from "../src/built-commit.js";
import { imageRepository, loadDeployConfig } from "@repo/workspace/deploy-config";
import { findImageLine } from "@repo/workspace/image-line";
import { commitRollout, planRollout } from "../src/rollout.js";

const run = promisify(execFile);
const FILE = "apps/demo/kubernetes/deployment.yaml";
const digest = `sha256:${"d".repeat(64)}`;

let dir: string;
let repository: string;
const commits: Record<string, string> = {};

async function git(...args: string[]): Promise<string> {
  const identity = ["-c", "user.name=Dev", "-c", "user.email=dev@example.com"];
  return (await run("git", [...identity, ...args], { cwd: dir })).stdout.trim();
}

async function commit(name: string, file: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
  await writeFile(path.join(dir, file), text);
  await git("add", "-A");
  await git("commit", "--quiet", "-m", name);
  commits[name] = await git("rev-parse", "HEAD");
}

/** A registry that has the images of the given commits only. */
const registryWith =
  (...built: string[]) =>
  (image: string): Promise<TagLookup> =>
    Promise.resolve(
      built.some((name) => image.endsWith(`:sha-${commits[name]!.slice(0, 7)}`))
        ? { digest }
        : "missing",
    );

beforeEach(async () => {
  // A user's repository: the demo, its workflow and deploy.config.yaml, then commits on main.
  dir = await mkdtemp(path.join(tmpdir(), "rollout-"));
  await git("init", "--quiet", "--initial-branch=main");
  for (const file of [FILE, ".github/workflows/app-demo.yml", "deploy.config.yaml"]) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await cp(path.join(root, file), path.join(dir, file));
  }
  await commit("seed", "apps/demo/src/main.ts", "v0\n");
  await commit("code", "apps/demo/src/main.ts", "v1\n");
  await commit("more-code", "packages/service/src/x.ts", "v1\n");
  await commit("docs", "docs/en/07-ci-cd.md", "words\n");
  repository = imageRepository(await loadDeployConfig(dir), "demo");
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("pnpm rollout, git first", () => {
  it("writes the commit's digest-pinned reference and commits that file alone; a revert rolls back", async () => {
    const plan = await planRollout({
      root: dir,
      app: "demo",
      commit: commits.code!,
      lookup: registryWith("code", "more-code"),
    });
    const image = `${repository}:sha-${commits.code!.slice(0, 7)}@${digest}`;
    expect(plan).toMatchObject({ commit: commits.code, image, notes: [] });
    const before = await readFile(path.join(dir, FILE), "utf8");
    const made = await commitRollout(dir, plan);
    expect(await git("log", "-1", "--format=%H %s")).toBe(
      `${made} Roll demo out to ${commits.code!.slice(0, 7)}`,
    );
    expect(await git("show", "--name-only", "--format=", "HEAD")).toBe(FILE);
    expect(
      findImageLine(await readFile(path.join(dir, FILE), "utf8"), repository, FILE).image,
    ).toBe(image);
    await git("revert", "--no-edit", "HEAD");
    expect(await readFile(path.join(dir, FILE), "utf8")).toBe(before);
  });

  it("resolves a commit that changed nothing the image is made of (HEAD here) to the newest build, saying so", async () => {
    const plan = await planRollout({
      root: dir,
      app: "demo",
      commit: "HEAD",
      lookup: registryWith("code", "more-code"),
    });
    expect(plan.commit).toBe(commits["more-code"]);
    expect(plan.notes).toEqual([
      `${commits.docs!.slice(0, 7)} changed nothing demo's image is made of (the paths .github/workflows/app-demo.yml watches); the newest commit before it that did is ${commits["more-code"]!.slice(0, 7)}.`,
    ]);
  });

  it("walks back past a commit the registry has no image for (a push's inner commit, a failed build)", async () => {
    const plan = await planRollout({
      root: dir,
      app: "demo",
      commit: "HEAD",
      lookup: registryWith("code"),
    });
    expect(plan.commit).toBe(commits.code);
    expect(plan.notes.at(-1)).toBe(
      `the registry has no image for ${commits["more-code"]!.slice(0, 7)} (its build failed or is not done yet).`,
    );
  });

  it("writes the tag alone, saying so, when the registry does not answer", async () => {
    const plan = await planRollout({
      root: dir,
      app: "demo",
      commit: commits.code!,
      lookup: () => Promise.resolve("unreachable"),
    });
    expect(plan.image).toBe(`${repository}:sha-${commits.code!.slice(0, 7)}`);
    expect(plan.notes).toEqual([
      `the registry did not answer: sha-${commits.code!.slice(0, 7)} is written by its tag, unverified.`,
    ]);
  });

  it("refuses a commit that is not on main", async () => {
    await git("checkout", "--quiet", "-b", "feature");
    await commit("feature", "apps/demo/src/main.ts", "v2\n");
    await git("checkout", "--quiet", "main");
    await expect(
      planRollout({ root: dir, app: "demo", commit: "feature", lookup: registryWith("feature") }),
    ).rejects.toThrow(
      `commit ${commits.feature!.slice(0, 7)} is not on main: CI builds images only for main, so none exists for it.`,
    );
  });

  it("never replaces the Deployment's registry: it must be deploy.config.yaml's", async () => {
    const config = await readFile(path.join(dir, "deploy.config.yaml"), "utf8");
    await writeFile(
      path.join(dir, "deploy.config.yaml"),
      config.replace(/^registry: .*$/m, "registry: localhost:5000"),
    );
    await expect(
      planRollout({ root: dir, app: "demo", commit: commits.code!, lookup: registryWith("code") }),
    ).rejects.toThrow(
      /apps\/demo\/kubernetes\/deployment\.yaml runs docker\.io\/.*, not localhost:5000\/.*demo/,
    );
  });

  it("refuses to commit over uncommitted changes to the manifest", async () => {
    const plan = await planRollout({
      root: dir,
      app: "demo",
      commit: commits.code!,
      lookup: registryWith("code"),
    });
    await writeFile(
      path.join(dir, FILE),
      `${await readFile(path.join(dir, FILE), "utf8")}# mine\n`,
    );
    await expect(commitRollout(dir, plan)).rejects.toThrow(
      `${FILE} has changes that are not committed: commit or stash them first`,
    );
    expect(await readFile(path.join(dir, FILE), "utf8")).toMatch(/# mine\n$/);
  });
});
