import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkRepository } from "../src/check.js";
import { formatProblem } from "../src/problem.js";
import { copyRepository, edit } from "./repository-copy.js";

const packageJson = "apps/demo/package.json";
const deployment = "apps/demo/kubernetes/deployment.yaml";
const ingress = "apps/demo/kubernetes/ingress.yaml";

let root: string;
let remove: () => void;
beforeEach(() => {
  ({ root, remove } = copyRepository());
});
afterEach(() => remove());

async function lines(rule?: string): Promise<string[]> {
  const { problems } = await checkRepository(root);
  return problems.filter((p) => rule === undefined || p.rule === rule).map(formatProblem);
}

/** Changes the "shipyard" record of apps/<app>/package.json. */
function record(app: string, change: Record<string, unknown>): void {
  const file = join(root, "apps", app, "package.json");
  const manifest = JSON.parse(readFileSync(file, "utf8")) as { shipyard: object };
  manifest.shipyard = { ...manifest.shipyard, ...change };
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
}

// The first check in a process compiles the Kubernetes schemas, which a loaded machine makes slow.
describe("the answers an app records in package.json", { timeout: 120_000 }, () => {
  it("make a custom Ingress host an answer, not a disagreement", async () => {
    record("demo", { host: "demo.example.com" });
    edit(root, ingress, "host: demo.localhost", "host: demo.example.com");
    expect(await lines()).toEqual([]);
  });

  it("are what the Ingress host is compared with", async () => {
    record("demo", { host: "demo.example.com" });
    expect(await lines()).toEqual([
      `${ingress}: spec.rules[0].host is demo.localhost, but ${packageJson} records this app's host as demo.example.com (fix: run \`pnpm gen sync demo --host demo.localhost\` to keep demo.localhost, or set host: demo.example.com)`,
    ]);
  });

  it("are what the Deployment's PORT is compared with", async () => {
    record("demo", { port: 8005 });
    expect(await lines("app-record")).toEqual([
      `${deployment}: spec.template.spec.containers[0].env.PORT is 8000, but ${packageJson} records this app's port as 8005 (fix: run \`pnpm gen sync demo --port 8000\` to keep 8000 everywhere, or set PORT and the containerPort to 8005)`,
    ]);
  });

  it("must have the shape the generator writes", async () => {
    record("demo", { port: "eight thousand" });
    expect(await lines("app-record")).toEqual([
      expect.stringMatching(
        /^apps\/demo\/package\.json: shipyard\.port is not what an app record holds: .+ \(fix: write "shipyard"/,
      ),
    ]);
  });
});

describe("two apps on one port", { timeout: 120_000 }, () => {
  it("are refused, naming both apps and a free port", async () => {
    cpSync(join(root, "apps/demo"), join(root, "apps/twin"), { recursive: true });
    edit(root, "apps/twin/package.json", '"name": "demo"', '"name": "twin"');
    expect(await lines("unique-ports")).toEqual([
      'apps/twin/package.json gives twin port 8000, which demo already listens on (apps/demo/package.json): the two cannot run side by side in `pnpm dev` (fix: give twin a free port such as 8001: "shipyard.port" in apps/twin/package.json, PORT and containerPort in apps/twin/kubernetes/deployment.yaml, ARG PORT in apps/twin/Dockerfile)',
    ]);
  });

  it("are refused when only their Deployments say so", async () => {
    cpSync(join(root, "apps/demo"), join(root, "apps/twin"), { recursive: true });
    for (const app of ["demo", "twin"]) {
      const file = join(root, "apps", app, "package.json");
      const manifest = JSON.parse(readFileSync(file, "utf8")) as { shipyard?: object };
      delete manifest.shipyard;
      writeFileSync(file, JSON.stringify(manifest));
    }
    expect(await lines("unique-ports")).toEqual([
      expect.stringContaining(
        "apps/twin/kubernetes/deployment.yaml gives twin port 8000, which demo already listens on (apps/demo/kubernetes/deployment.yaml)",
      ),
    ]);
  });
});
