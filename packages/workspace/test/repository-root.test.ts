import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findRepositoryRoot, repositoryRoot } from "../src/repository-root.js";

describe("the repository root", () => {
  it("is the folder with pnpm-workspace.yaml, found from any folder below it", async () => {
    const root = await mkdtemp(join(tmpdir(), "root-"));
    await writeFile(join(root, "pnpm-workspace.yaml"), "packages: []\n");
    await mkdir(join(root, "apps", "demo", "src"), { recursive: true });
    expect(findRepositoryRoot(join(root, "apps", "demo", "src"))).toBe(root);
    expect(findRepositoryRoot(root)).toBe(root);
  });

  it("holds this package, and says what to do outside any repository", async () => {
    expect(join(repositoryRoot, "packages", "workspace")).toBe(join(import.meta.dirname, ".."));
    const outside = await mkdtemp(join(tmpdir(), "outside-"));
    expect(() => findRepositoryRoot(outside)).toThrow(/no pnpm-workspace.yaml .* run this inside/);
  });
});
