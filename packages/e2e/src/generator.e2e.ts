// A service generated in a fresh clone is finished as generated: `pnpm gen service orders
// --port 8002`, then, with no edit, the README's test command, a cached turbo build, the
// deploy-chain check, its image (built, run read-only as non-root, healthy, stopped by
// SIGTERM), its manifests against a real API server, and on a running cluster what every app
// goes through: pnpm deploy:local, a rollout and a scale to zero under load, a delete.
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertEngineReachable } from "./docker-cli.js";
import { buildImage } from "./docker-build.js";
import { checkImage } from "./docker-image-check.js";
import { clusterJourneyTests } from "./cluster-journey-tests.js";
import {
  createNamespace,
  deleteNamespace,
  requireCluster,
  requireReadyNode,
} from "./kube-cluster.js";
import { applyManifests } from "./kube-manifests.js";

const repo = fileURLToPath(new URL("../../..", import.meta.url));
const network = process.env.DOCKER_NETWORK || undefined;
const env = { ...process.env, HUSKY: "0", TURBO_TELEMETRY_DISABLED: "1" };
const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * Runs a command in the clone; rejects with its output when it fails. Colour codes are
 * stripped: turbo and vitest colour their output whenever the environment asks them to.
 */
function run(command: string, args: string[], cwd: string, extraEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const options = { cwd, env: { ...env, ...extraEnv }, maxBuffer: 64 << 20 };
    execFile(command, args, options, (error, stdout, stderr) => {
      const output = stripVTControlCharacters(`${stdout}\n${stderr}`);
      if (error) reject(new Error(`${command} ${args.join(" ")} failed:\n${output}`));
      else resolve(output);
    });
  });
}

let clone = "";
let generated = "";

beforeAll(async () => {
  clone = await mkdtemp(path.join(tmpdir(), "shipyard-gen-e2e-"));
  // The committed repository, as a user clones it.
  await run("git", ["clone", "--quiet", repo, clone], tmpdir());
  await run("pnpm", ["install", "--prefer-offline", "--frozen-lockfile"], clone);
  // As a CI job would run it: no terminal, CI set (pnpm then freezes the lockfile by default).
  generated = await run("pnpm", ["gen", "service", "orders", "--port", "8002"], clone, {
    CI: "true",
  });
  say(generated);
});
afterAll(async () => {
  if (clone) await rm(clone, { recursive: true, force: true });
});

describe("pnpm gen service orders --port 8002, in a fresh clone", () => {
  it("adds the service, its caller workflow and its lockfile entry, and nothing else", async () => {
    const status = await run("git", ["status", "--porcelain", "--untracked-files=all"], clone);
    const changed = status
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => line.slice(3));
    expect(changed).toContain("pnpm-lock.yaml");
    expect(changed).toContain(".github/workflows/app-orders.yml");
    expect(changed.filter((file) => !file.startsWith("apps/orders/")).sort()).toEqual([
      ".github/workflows/app-orders.yml",
      "pnpm-lock.yaml",
    ]);
    expect(changed).toContain("apps/orders/Dockerfile");
    expect(generated).toContain("kubectl apply -f apps/orders/kubernetes");
  });

  it("passes the README's test command: lint, typecheck, unit tests, format", async () => {
    const output = await run("pnpm", ["test"], clone);
    expect(output).toMatch(/orders:test: .*Tests +\d+ passed/);
    expect(output).toContain("orders:lint");
    expect(output).toContain("orders:typecheck");
  });

  it("builds with turbo into one file, and a second build is served from the cache", async () => {
    await run("pnpm", ["turbo", "run", "build", "--output-logs=errors-only"], clone);
    expect(existsSync(path.join(clone, "apps/orders/dist/main.cjs"))).toBe(true);
    const second = await run("pnpm", ["turbo", "run", "build", "--output-logs=errors-only"], clone);
    expect(second).toContain("FULL TURBO");
  });

  it("passes the deploy-chain check: Dockerfile, manifests and workflow agree", async () => {
    const output = await run("pnpm", ["check:deploy"], clone);
    expect(output).toMatch(/app\(s\) checked \((?:.*, )?orders(?:, .*)?\), no problems/);
  });

  it("stays in step with deploy.config.yaml through pnpm gen sync, there and back", async () => {
    const inStep = await run("pnpm", ["gen", "sync", "--check"], clone);
    expect(inStep).toMatch(/apps\/orders .*\n\s+up to date/);
    const ingress = () =>
      readFileSync(path.join(clone, "apps/orders/kubernetes/ingress.yaml"), "utf8");
    const config = path.join(clone, "deploy.config.yaml");
    const original = readFileSync(config, "utf8");
    await writeFile(config, original.replace(/^domain: .*$/m, "domain: apps.example.org"));
    await expect(run("pnpm", ["gen", "sync", "--check"], clone)).rejects.toThrow(
      /apps\/orders\/kubernetes\/ingress\.yaml/,
    );
    await run("pnpm", ["gen", "sync"], clone);
    expect(ingress()).toContain("host: orders.apps.example.org");
    await writeFile(config, original);
    await run("pnpm", ["gen", "sync"], clone);
    expect(ingress()).not.toContain("apps.example.org");
    await run("pnpm", ["gen", "sync", "--check"], clone);
  });

  it("builds an image that serves read-only as non-root and exits on SIGTERM", async () => {
    say(`docker engine ${await assertEngineReachable()}`);
    const image = await buildImage({
      tag: "shipyard-e2e/orders:latest",
      dockerfile: "apps/orders/Dockerfile",
      context: clone,
      network,
    });
    const report = await checkImage({ image, route: "/", network });
    expect(JSON.parse(report.routeBody)).toEqual({ service: "orders", version: "0.1.0" });
    expect(report.processUids).not.toContain("0");
    say(
      `orders: GET / → ${report.routeBody}; stopped on SIGTERM in ${report.stopSeconds.toFixed(1)} s`,
    );
  });

  it("has manifests a real API server accepts (kubectl apply --dry-run=server)", async () => {
    say(`kubernetes ${await requireCluster()}`);
    const namespace = await createNamespace("e2e-gen");
    try {
      const output = await applyManifests(
        path.join(clone, "apps/orders/kubernetes"),
        namespace,
        true,
      );
      expect(output).toContain("deployment.apps/orders created (server dry run)");
      expect(output).toContain("service/orders created (server dry run)");
      expect(output).toContain("ingress.networking.k8s.io/orders created (server dry run)");
    } finally {
      await deleteNamespace(namespace);
    }
  });
});

describe("the generated service on a running cluster, by the path every app takes", () => {
  beforeAll(async () => {
    say(`node ${await requireReadyNode()}`);
  });
  clusterJourneyTests("orders", () => clone, [["/", { service: "orders", version: "0.1.0" }]]);
});
