// The README's own example must leave a repository that passes every check: a custom host is
// an answer the generator records, not a disagreement for the deploy check to report.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { templateTreeId } from "../src/template-version.js";
import { firstFailure, loadGenerator } from "./load-generator.js";
import { REPO, type RepoCopy, copyRepo, linkDemoDependencies } from "./repo-copy.js";

const run = promisify(execFile);
const EXAMPLE = /pnpm gen service orders --port 8002 --description "([^"]+)" --host (\S+)/;

let repo: RepoCopy;
beforeAll(async () => {
  repo = await copyRepo();
  const [, description, host] = EXAMPLE.exec(readFileSync(path.join(REPO, "README.md"), "utf8"))!;
  const generator = await loadGenerator(repo.root);
  const result = await generator.runActions({ name: "orders", port: "8002", description, host });
  expect(firstFailure(result)).toBeUndefined();
  await linkDemoDependencies(repo.root, "orders");
});
afterAll(() => repo.remove());

// Its lint and typecheck are the demo's (same entry point and configuration) and run in the
// end-to-end test of a generated service.
describe("the README's example: orders on 8002 with its own description and host", () => {
  it("records its answers, template version and deploy values in apps/orders/package.json", async () => {
    const manifest = JSON.parse(
      readFileSync(path.join(repo.root, "apps/orders/package.json"), "utf8"),
    ) as { shipyard: object };
    const { registry, imageNamespace, domain, ingressClass } = parse(
      readFileSync(path.join(repo.root, "deploy.config.yaml"), "utf8"),
    ) as Record<string, string>;
    expect(manifest.shipyard).toEqual({
      name: "orders",
      port: 8002,
      host: "orders.example.com",
      description: "Takes and tracks orders.",
      template: await templateTreeId(path.join(repo.root, "generators/templates/service")),
      deploy: { registry, imageNamespace, domain, ingressClass },
    });
  });

  it("passes pnpm check:deploy", async () => {
    const { stdout } = await run(
      process.execPath,
      ["--import", "tsx", "packages/deploy-check/src/cli.ts"],
      { cwd: repo.root },
    );
    expect(stdout).toMatch(/2 app\(s\) checked \(demo, orders\), no problems/);
  });

  it("passes its own tests", async () => {
    await run("pnpm", ["run", "test"], { cwd: path.join(repo.root, "apps/orders") });
  });
});
