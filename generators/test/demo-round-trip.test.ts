// One source of truth: the demo's deploy files, its package.json (with the answers it records)
// and its entry point are what the generator renders for the demo; only its routes and their
// tests are its own.
import { readFileSync, readdirSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { firstFailure, loadGenerator } from "./load-generator.js";
import { REPO, type RepoCopy, copyRepo } from "./repo-copy.js";

const RENDERED_FILES = [
  "apps/demo/package.json",
  "apps/demo/src/main.ts",
  "apps/demo/eslint.config.js",
  "apps/demo/tsconfig.json",
  "apps/demo/vitest.config.ts",
  "apps/demo/Dockerfile",
  "apps/demo/kubernetes/deployment.yaml",
  "apps/demo/kubernetes/service.yaml",
  "apps/demo/kubernetes/ingress.yaml",
  ".github/workflows/app-demo.yml",
];

let repo: RepoCopy;

beforeAll(async () => {
  // A repository without the demo, into which the generator writes it again.
  repo = await copyRepo();
  await rm(path.join(repo.root, "apps", "demo"), { recursive: true });
  await rm(path.join(repo.root, ".github", "workflows", "app-demo.yml"));
  const { domain } = parse(readFileSync(path.join(REPO, "deploy.config.yaml"), "utf8")) as {
    domain: string;
  };
  const { description } = JSON.parse(
    readFileSync(path.join(REPO, "apps/demo/package.json"), "utf8"),
  ) as {
    description: string;
  };
  const generator = await loadGenerator(repo.root);
  const result = await generator.runActions({
    name: "demo",
    description,
    port: "8000",
    host: `demo.${domain}`,
  });
  expect(firstFailure(result)).toBeUndefined();
});
afterAll(() => repo.remove());

describe("the demo's files, rendered for name=demo, port=8000, host=demo.<domain>", () => {
  it.each(RENDERED_FILES)("%s is byte for byte what the generator writes", (file) => {
    const generated = readFileSync(path.join(repo.root, file), "utf8");
    expect(generated).toBe(readFileSync(path.join(REPO, file), "utf8"));
  });

  it("are all the demo's manifests", () => {
    const manifests = (root: string) => readdirSync(path.join(root, "apps/demo/kubernetes")).sort();
    expect(manifests(REPO)).toEqual(manifests(repo.root));
  });
});
