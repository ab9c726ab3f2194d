import { mkdir, mkdtemp, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { appFiles, appNames, appsWithDockerfile, deployableApps } from "../src/apps.js";
import { repositoryRoot } from "../src/repository-root.js";

async function repository(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "apps-"));
  const file = async (relative: string, text = "") => {
    await mkdir(join(root, relative, ".."), { recursive: true });
    await writeFile(join(root, relative), text);
  };
  await file(appFiles("orders").dockerfile);
  await file(appFiles("orders").deployment);
  await file(appFiles("billing").dockerfile);
  await mkdir(join(root, "apps", "draft"));
  await mkdir(join(root, "apps", ".cache"));
  await file("apps/README.md");
  await mkdir(join(root, "elsewhere"));
  await symlink(join(root, "elsewhere"), join(root, "apps", "linked"));
  return root;
}

describe("the apps", () => {
  it("are the folders under apps/, not hidden ones, links or files, sorted", async () => {
    const root = await repository();
    expect(appNames(root)).toEqual(["billing", "draft", "orders"]);
    expect(appsWithDockerfile(root)).toEqual(["billing", "orders"]);
    expect(deployableApps(root)).toEqual(["orders"]);
  });

  it("are none in a repository without apps/", async () => {
    expect(appNames(await mkdtemp(join(tmpdir(), "no-apps-")))).toEqual([]);
  });

  it("take their listing from the caller when it reads the repository its own way", async () => {
    const root = await repository();
    const asked: string[] = [];
    const names = appNames(root, (dir) => {
      asked.push(dir);
      return ["orders", "gone"];
    });
    expect(asked).toEqual(["apps"]);
    expect(names).toEqual(["orders"]);
  });

  it("include the demo, which deploys and builds", () => {
    expect(deployableApps(repositoryRoot)).toContain("demo");
    expect(appsWithDockerfile(repositoryRoot)).toContain("demo");
  });
});
