import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { firstFailure, loadGenerator } from "./load-generator.js";
import { type RepoCopy, copyRepo } from "./repo-copy.js";

let repo: RepoCopy;
beforeEach(async () => {
  repo = await copyRepo();
});
afterEach(() => repo.remove());

const read = (file: string) => readFileSync(path.join(repo.root, file), "utf8");
// Only the fields these tests read.
interface Deployment {
  metadata: { name: string };
  spec: { template: { spec: { containers: { image: string; ports: unknown[] }[] } } };
}
interface Ingress {
  spec: { rules: { host: string }[] };
}
interface CallerWorkflow {
  on: { pull_request: { paths: string[] } };
  jobs: { image: { with: Record<string, string> } };
}
interface PackageJson {
  name: string;
  description: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

function filesUnder(dir: string): string[] {
  return readdirSync(path.join(repo.root, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(repo.root, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe("pnpm gen service orders", () => {
  it("writes the app and its caller workflow, then installs and formats them", async () => {
    const generator = await loadGenerator(repo.root);
    const answers = {
      name: "orders",
      description: 'Takes "orders" & tracks them.',
      port: "8002",
      host: "orders.example.com",
    };
    const result = await generator.runActions(answers);

    expect(firstFailure(result)).toBeUndefined();
    expect(result.changes.map((change) => change.type)).toEqual([
      "check",
      "render",
      "place",
      "install",
      "format",
    ]);
    expect(filesUnder("apps/orders")).toEqual([
      "apps/orders/Dockerfile",
      "apps/orders/eslint.config.js",
      "apps/orders/kubernetes/deployment.yaml",
      "apps/orders/kubernetes/ingress.yaml",
      "apps/orders/kubernetes/service.yaml",
      "apps/orders/package.json",
      "apps/orders/src/app.ts",
      "apps/orders/src/main.ts",
      "apps/orders/test/app.test.ts",
      "apps/orders/tsconfig.json",
      "apps/orders/vitest.config.ts",
    ]);

    const pkg = JSON.parse(read("apps/orders/package.json")) as PackageJson;
    expect(pkg.name).toBe("orders");
    expect(pkg.description).toBe('Takes "orders" & tracks them.');
    expect(pkg.dependencies["@repo/service"]).toBe("workspace:*");
    expect(Object.keys(pkg.scripts).sort()).toEqual([
      "build",
      "dev",
      "lint",
      "start",
      "test",
      "typecheck",
    ]);
    expect(pkg.scripts).toEqual(
      (JSON.parse(read("apps/demo/package.json")) as PackageJson).scripts,
    );
    for (const [dep, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
      expect(version, dep).toMatch(dep.startsWith("@repo/") ? /^workspace:\*$/ : /^catalog:$/);
    }

    const deployment = parse(read("apps/orders/kubernetes/deployment.yaml")) as Deployment;
    const container = deployment.spec.template.spec.containers[0]!;
    expect(deployment.metadata.name).toBe("orders");
    // No build yet: the first push to main writes the real reference here.
    expect(container.image).toBe("docker.io/your-dockerhub-username/orders:sha-0000000");
    expect(container.ports).toEqual([
      { name: "http", containerPort: 8002, protocol: "TCP" },
      { name: "metrics", containerPort: 9464, protocol: "TCP" },
    ]);
    expect(
      (parse(read("apps/orders/kubernetes/ingress.yaml")) as Ingress).spec.rules[0]!.host,
    ).toBe("orders.example.com");
    expect(read("apps/orders/Dockerfile")).toMatch(/^ARG APP=orders\nARG PORT=8002$/m);

    const workflow = parse(read(".github/workflows/app-orders.yml")) as CallerWorkflow;
    expect(workflow.jobs.image.with.app).toBe("orders");
    expect(workflow.on.pull_request.paths).toContain("apps/orders/**");

    // Prettier would change nothing it wrote.
    execFileSync(
      path.join(repo.root, "node_modules", ".bin", "prettier"),
      ["--check", "apps/orders", ".github/workflows/app-orders.yml"],
      {
        cwd: repo.root,
        stdio: "pipe",
      },
    );
  });

  it("fills the answers left out with their defaults", async () => {
    const generator = await loadGenerator(repo.root);
    const answers: Record<string, unknown> = { name: "orders" };
    const result = await generator.runActions(answers);

    expect(firstFailure(result)).toBeUndefined();
    expect(answers).toEqual({
      name: "orders",
      description: "The orders service.",
      port: 8001,
      host: "orders.localhost",
    });
    expect((JSON.parse(read("apps/orders/package.json")) as PackageJson).description).toBe(
      "The orders service.",
    );
    expect(read("apps/orders/kubernetes/deployment.yaml")).toContain("containerPort: 8001");
    expect(read("apps/orders/kubernetes/ingress.yaml")).toContain("host: orders.localhost");
  });

  it("is seen by turbo as a new workspace with its own build", async () => {
    const generator = await loadGenerator(repo.root);
    expect(
      firstFailure(await generator.runActions({ name: "orders", port: "8002" })),
    ).toBeUndefined();

    const dry = JSON.parse(
      execFileSync(
        path.join(repo.root, "node_modules", ".bin", "turbo"),
        ["run", "build", "--dry=json"],
        {
          cwd: repo.root,
          encoding: "utf8",
          env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" },
        },
      ),
    ) as { packages: string[]; tasks: { taskId: string; directory: string }[] };
    expect(dry.packages).toContain("orders");
    expect(dry.tasks).toContainEqual(
      expect.objectContaining({ taskId: "orders#build", directory: "apps/orders" }),
    );
  });
});
