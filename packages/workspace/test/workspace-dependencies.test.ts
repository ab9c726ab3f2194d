import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repositoryRoot } from "../src/repository-root.js";
import { workspaceDependencies, workspacePackages } from "../src/workspace-dependencies.js";

async function workspace(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "graph-"));
  const pkg = async (dir: string, manifest: object) => {
    await mkdir(join(root, dir), { recursive: true });
    await writeFile(join(root, dir, "package.json"), JSON.stringify(manifest));
  };
  await writeFile(
    join(root, "pnpm-workspace.yaml"),
    "packages:\n  - apps/*\n  - packages/*\n  - tools\n",
  );
  await pkg("apps/orders", {
    name: "orders",
    dependencies: { "@x/runtime": "workspace:*", express: "^5.0.0" },
    devDependencies: { "@x/config": "workspace:^" },
  });
  await pkg("packages/runtime", { name: "@x/runtime", dependencies: { "@x/log": "workspace:*" } });
  await pkg("packages/log", { name: "@x/log", dependencies: { "@x/runtime": "workspace:*" } });
  await pkg("packages/config", { name: "@x/config" });
  await pkg("packages/unused", { name: "@x/unused" });
  await mkdir(join(root, "packages", "no-manifest"));
  await pkg("tools", { name: "@x/tools" });
  return root;
}

describe("the workspace graph", () => {
  it("maps every package pnpm-workspace.yaml names to its folder", async () => {
    const packages = await workspacePackages(await workspace());
    expect(Object.fromEntries(packages)).toEqual({
      orders: "apps/orders",
      "@x/runtime": "packages/runtime",
      "@x/log": "packages/log",
      "@x/config": "packages/config",
      "@x/unused": "packages/unused",
      "@x/tools": "tools",
    });
  });

  it("follows workspace dependencies and devDependencies through cycles, sorted", async () => {
    expect(await workspaceDependencies(await workspace(), "apps/orders")).toEqual([
      "packages/config",
      "packages/log",
      "packages/runtime",
    ]);
  });

  it("reads through the caller's reader when it bounds what it reads", async () => {
    const root = await workspace();
    const read: string[] = [];
    const deps = await workspaceDependencies(root, "apps/orders", (file) => {
      read.push(file);
      return Promise.resolve(
        file === "apps/orders/package.json"
          ? JSON.stringify({ dependencies: { "@x/config": "workspace:*" } })
          : file === "pnpm-workspace.yaml"
            ? "packages:\n  - packages/*\n"
            : file === "packages/config/package.json"
              ? JSON.stringify({ name: "@x/config" })
              : undefined,
      );
    });
    expect(deps).toEqual(["packages/config"]);
    expect(read).toContain("pnpm-workspace.yaml");
  });

  it("says which file is missing", async () => {
    const root = await mkdtemp(join(tmpdir(), "no-workspace-"));
    await expect(workspacePackages(root)).rejects.toThrow(/cannot read pnpm-workspace.yaml/);
  });

  it("of the demo reaches the service runtime", async () => {
    expect(await workspaceDependencies(repositoryRoot, "apps/demo")).toContain("packages/service");
  });
});
