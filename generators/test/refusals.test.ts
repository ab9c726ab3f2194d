import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { PlopGenerator } from "node-plop";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_NAME_LENGTH } from "../src/service-answers.js";
import { firstFailure, loadGenerator } from "./load-generator.js";
import { type RepoCopy, copyRepo, snapshot } from "./repo-copy.js";

let repo: RepoCopy;
let generator: PlopGenerator;

beforeAll(async () => {
  repo = await copyRepo();
  generator = await loadGenerator(repo.root);
});
afterAll(() => repo.remove());

const valid = {
  name: "orders",
  description: "Takes orders.",
  port: "8002",
  host: "orders.example.com",
};

/** Runs the generator with one answer changed and returns its refusal; nothing may change. */
async function refusal(change: Record<string, unknown>): Promise<string> {
  const before = snapshot(repo.root);
  const result = await generator.runActions({ ...valid, ...change });
  expect(result.changes).toEqual([]);
  expect(snapshot(repo.root)).toEqual(before);
  const failure = firstFailure(result);
  expect(failure?.type).toBe("check");
  return failure!.error;
}

describe("a refused name writes nothing and says how to fix it", () => {
  it.each([
    ["Orders", '"orders"'],
    ["1orders", '"orders"'],
    ["orders-", '"orders"'],
    ["my_service", '"my-service"'],
    ["orders.v2", '"orders-v2"'],
  ])("%j is not a DNS-1035 label (suggests %s)", async (name, suggestion) => {
    const message = await refusal({ name });
    expect(message).toContain(`The name "${name}" is not a DNS-1035 label`);
    expect(message).toContain(`Fix: use e.g. ${suggestion}`);
  });

  it.each(["../orders", "apps/orders", "orders\\x", "a..b"])(
    "%j holds a path separator or ..",
    async (name) => {
      expect(await refusal({ name })).toMatch(/contains a path separator or "\.\."[^]*Fix:/);
    },
  );

  it("is too long for the pods' names", async () => {
    const name = `a${"b".repeat(MAX_NAME_LENGTH)}`;
    const message = await refusal({ name });
    expect(message).toContain(
      `is ${MAX_NAME_LENGTH + 1} characters long; at most ${MAX_NAME_LENGTH} fit`,
    );
    expect(message).toContain("Fix: shorten it");
  });

  it("is missing", async () => {
    expect(await refusal({ name: undefined })).toMatch(/needs a name[^]*pnpm gen service orders/);
  });

  it("is an existing app", async () => {
    expect(await refusal({ name: "demo" })).toMatch(
      /apps\/demo already exists[^]*never overwrites/,
    );
  });

  it("is an existing folder of apps/, even an empty one", async () => {
    await mkdir(path.join(repo.root, "apps", "leftover"));
    expect(await refusal({ name: "leftover" })).toMatch(/apps\/leftover already exists/);
  });

  it("has a caller workflow already", async () => {
    const workflow = path.join(repo.root, ".github", "workflows", "app-ghost.yml");
    await mkdir(path.dirname(workflow), { recursive: true });
    await writeFile(workflow, "name: ghost\n");
    expect(await refusal({ name: "ghost" })).toContain(
      ".github/workflows/app-ghost.yml already exists",
    );
  });

  it.each([
    ["service", "@repo/service (packages/service)"],
    ["config", "@repo/config (packages/config)"],
    ["generators", "reserved"],
    ["e2e", "@repo/e2e (packages/e2e)"],
  ])("%j is a workspace package's name or reserved", async (name, holder) => {
    expect(await refusal({ name })).toContain(holder);
  });

  it.each(["kubernetes", "shipyard", "bench"])("%j is reserved", async (name) => {
    expect(await refusal({ name })).toMatch(new RegExp(`The name "${name}" is reserved: .+ Fix:`));
  });

  it.each([
    ["kube-system", "system"],
    ["kube-public", "public"],
    ["kube-node-lease", "node-lease"],
    ["kube-anything", "anything"],
  ])("%j is in the namespace prefix Kubernetes keeps for itself", async (name, suggestion) => {
    expect(await refusal({ name })).toBe(
      `The name "${name}" is reserved: Kubernetes keeps namespaces starting with "kube-" for itself (kube-system, kube-public, kube-node-lease), and each app is deployed into a namespace named after it (deploy/argocd/applicationset.yaml), where its objects would mix with that namespace's own. Fix: choose another name, e.g. "${suggestion}".`,
    );
  });

  it.each(["default", "argocd", "cert-manager", "ingress-nginx", "local-path-storage"])(
    "%j is a namespace clusters already have",
    async (name) => {
      const message = await refusal({ name });
      expect(message).toMatch(
        new RegExp(
          `^The name "${name}" is reserved: it is .+, and each app is deployed into a namespace named after it .+ Fix: choose another name, e\\.g\\. "${name}-service"\\.$`,
        ),
      );
    },
  );

  it("is a namespace the repository's deploy files use", async () => {
    await writeFile(
      path.join(repo.root, "deploy", "monitoring.yaml"),
      "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: monitoring\n",
    );
    expect(await refusal({ name: "monitoring" })).toContain(
      "it is a namespace this repository's deploy/ files use",
    );
  });

  it.each(["docs", "deploy", "apps", "packages"])(
    "%j is a top-level folder of the repository",
    async (name) => {
      expect(await refusal({ name })).toContain(
        `is reserved: it is a top-level folder of this repository (${name}/)`,
      );
    },
  );

  it("is a top-level folder the user added", async () => {
    await mkdir(path.join(repo.root, "infra"));
    expect(await refusal({ name: "infra" })).toContain(
      "it is a top-level folder of this repository (infra/)",
    );
  });

  it.each([
    ["dist", "dist/"],
    ["coverage", "coverage/"],
    ["logs", "logs/"],
  ])("%j would be ignored by git", async (name, pattern) => {
    expect(await refusal({ name })).toBe(
      `The name "${name}" is reserved: .gitignore's pattern "${pattern}" matches apps/${name}/, so git would never commit the service. Fix: choose another name, e.g. "${name}-service".`,
    );
  });

  it("offers only a name it would accept", async () => {
    await mkdir(path.join(repo.root, "apps", "argocd-service"));
    expect(await refusal({ name: "argocd" })).toContain('e.g. "argocd-app"');
  });

  it("is a dependency of the pnpm catalog", async () => {
    expect(await refusal({ name: "zod" })).toMatch(/dependency in the pnpm catalog[^]*Fix:/);
  });
});

describe("a refused port writes nothing and says how to fix it", () => {
  it.each(["abc", "8002.5", "-8002", "0x1f90"])("%j is not a whole number", async (port) => {
    expect(await refusal({ port })).toMatch(
      /is not a whole number\. Fix: use an integer from 1024 to 65535, e\.g\. --port 8001/,
    );
  });

  it.each(["80", "1023", "65536", "70000"])("%j is outside 1024–65535", async (port) => {
    expect(await refusal({ port })).toMatch(/outside 1024–65535[^]*--port 8001/);
  });

  it("is the port another app records", async () => {
    await mkdir(path.join(repo.root, "apps", "billing"));
    await writeFile(
      path.join(repo.root, "apps", "billing", "package.json"),
      JSON.stringify({ name: "billing", shipyard: { port: 8004 } }),
    );
    expect(await refusal({ name: "billing2", port: 8004 })).toContain(
      "The port 8004 is already used by the app billing (apps/billing/package.json).",
    );
  });

  it("is the port of another app", async () => {
    expect(await refusal({ port: 8000 })).toBe(
      "The port 8000 is already used by the app demo (apps/demo/package.json). Fix: use --port 8001, the lowest port no app uses.",
    );
  });
});

describe("a refused host or description writes nothing and says how to fix it", () => {
  it.each([
    "Orders.example.com",
    "-orders.example.com",
    "orders..example.com",
    "orders.example.com.",
    "orders_1.example.com",
    `${"a".repeat(64)}.example.com`,
    "",
  ])("%j is not a DNS name", async (host) => {
    expect(await refusal({ host })).toMatch(/is not a valid DNS name[^]*Fix:/);
  });

  it("is an IP address", async () => {
    expect(await refusal({ host: "10.0.0.1" })).toMatch(/is an IP address[^]*Fix:/);
  });

  it("is a description over two lines", async () => {
    expect(await refusal({ description: "Takes\norders." })).toMatch(
      /line break[^]*Fix: write it on one line/,
    );
  });

  it("reports every bad answer at once", async () => {
    const message = await refusal({ name: "Orders", port: "80", host: "bad_host" });
    expect(message.split("\n")).toHaveLength(3);
  });
});
