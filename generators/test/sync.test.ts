// `pnpm gen sync` on a git clone of this repository holding the demo and two generated apps, one
// edited by hand and one not: deploy.config.yaml and template changes reach every file, the
// edits and the image references CI wrote stay, and conflicts are marked and listed.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pendingFiles, planSync } from "../src/sync-plan.js";
import { templateTreeId } from "../src/template-version.js";
import { firstFailure, loadGenerator } from "./load-generator.js";
import { type RepoCopy, copyRepo } from "./repo-copy.js";

let repo: RepoCopy;
const read = (file: string) => readFileSync(path.join(repo.root, file), "utf8");
const write = (file: string, text: string) => writeFileSync(path.join(repo.root, file), text);
const edit = (file: string, from: string | RegExp, to: string) => {
  const text = read(file);
  const next = text.replace(from, to);
  expect(next, `${file} holds ${String(from)}`).not.toBe(text);
  write(file, next);
};
const git = (...args: string[]) =>
  execFileSync("git", args, { cwd: repo.root, encoding: "utf8" }).trim();
const commit = (message: string) => {
  git("add", "-A");
  git("commit", "-q", "--no-verify", "-m", message);
};

/** A CLI run as a user runs it; asynchronous, so the test worker keeps answering meanwhile. */
function run(script: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
      cwd: repo.root,
      env: { ...process.env, CI: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out }));
  });
}
const sync = (...args: string[]) => run("generators/src/cli.ts", ["sync", ...args]);
const checkDeploy = () => run("packages/deploy-check/src/cli.ts", ["--root", repo.root]);

const DIGEST = `sha256:${"ab".repeat(32)}`;
const WRITTEN_BACK = `docker.io/your-dockerhub-username/orders:sha-1234567@${DIGEST}`;
const TEMPLATE_DEPLOYMENT =
  "generators/templates/service/apps/{{name}}/kubernetes/deployment.yaml.hbs";

beforeAll(async () => {
  repo = await copyRepo();
  git("init", "-q", "-b", "main");
  git("config", "user.email", "sync-test@example.invalid");
  git("config", "user.name", "sync test");
  commit("the template as shipped");
  const generator = await loadGenerator(repo.root);
  for (const [name, port] of [
    ["orders", "8001"],
    ["billing", "8002"],
  ]) {
    expect(firstFailure(await generator.runActions({ name, port }))).toBeUndefined();
  }
  // What CI's write-back does after a build on main.
  edit("apps/orders/kubernetes/deployment.yaml", /image: \S+/, `image: ${WRITTEN_BACK}`);
  commit("orders and billing generated, orders built");

  // A user's own edits to orders.
  edit("apps/orders/kubernetes/deployment.yaml", "replicas: 2", "replicas: 4");
  edit(
    "apps/orders/kubernetes/deployment.yaml",
    '            - name: METRICS_PORT\n              value: "9464"\n',
    '            - name: METRICS_PORT\n              value: "9464"\n            - name: ORDERS_CURRENCY\n              value: EUR\n',
  );
  edit(
    "apps/orders/kubernetes/ingress.yaml",
    "metadata:\n  name: orders\n",
    "metadata:\n  name: orders\n  annotations:\n    nginx.ingress.kubernetes.io/proxy-body-size: 8m\n",
  );
  edit(
    "apps/orders/src/app.ts",
    /\n}\n?$/,
    '\n  app.get("/orders/count", (_req, res) => {\n    res.json({ count: 0 });\n  });\n}\n',
  );
  commit("orders edited by hand");
}, 300_000);
afterAll(() => repo?.remove());

// Each step starts the CLI several times (tsx, prettier, git): slow on a busy machine.
describe("pnpm gen sync", { timeout: 300_000 }, () => {
  it("records the template version as git's tree id of the template folder", async () => {
    const recorded = (
      JSON.parse(read("apps/billing/package.json")) as { shipyard: { template: string } }
    ).shipyard.template;
    expect(recorded).toBe(git("rev-parse", "HEAD:generators/templates/service"));
    expect(await templateTreeId(path.join(repo.root, "generators/templates/service"))).toBe(
      recorded,
    );
  });

  it("finds nothing to do right after generation and hand edits", async () => {
    const check = await sync("--check");
    expect(check.out).toContain("Every app's files are up to date.");
    expect(check.code).toBe(0);
  });

  it("moves every app to a new domain, keeping edits and the image reference CI wrote", async () => {
    edit("deploy.config.yaml", "domain: localhost", "domain: apps.example.test");
    const check = await sync("--check");
    expect(check.code).toBe(1);
    expect(check.out).toContain("would be updated: apps/orders/kubernetes/ingress.yaml");
    expect(check.out).toContain("would be updated: apps/billing/kubernetes/ingress.yaml");
    expect(check.out).toContain("would be updated: apps/demo/kubernetes/ingress.yaml");
    expect(check.out).toContain("Fix: run `pnpm gen sync`, then resolve");
    // The fix names the command to run, app included, as one command to copy.
    const one = await sync("orders", "--check");
    expect(one.code).toBe(1);
    expect(one.out).toContain("Fix: run `pnpm gen sync orders`, then resolve");

    // The API the deploy check uses: the plan holds the merged text, and nothing is written.
    const plan = await planSync(repo.root);
    const ingress = plan.apps
      .find((app) => app.app === "orders")
      ?.files.find((file) => file.path === "apps/orders/kubernetes/ingress.yaml");
    expect(ingress?.status).toBe("update");
    expect(ingress?.text).toContain("host: orders.apps.example.test");
    expect(ingress?.text).toContain("proxy-body-size: 8m");
    expect(read("apps/orders/kubernetes/ingress.yaml")).toContain("host: orders.localhost");
    expect(pendingFiles(plan).every((file) => file.status === "update")).toBe(true);

    const result = await sync();
    expect(result.out).toContain("updated: apps/billing/kubernetes/ingress.yaml");
    expect(result.code).toBe(0);
    expect(read("apps/orders/kubernetes/ingress.yaml")).toContain("host: orders.apps.example.test");
    expect(read("apps/orders/kubernetes/ingress.yaml")).toContain("proxy-body-size: 8m");
    expect(read("apps/billing/kubernetes/ingress.yaml")).toContain(
      "host: billing.apps.example.test",
    );
    expect(read("apps/orders/kubernetes/deployment.yaml")).toContain(`image: ${WRITTEN_BACK}`);
    expect(read("apps/orders/package.json")).toContain('"domain": "apps.example.test"');
    expect((await sync("--check")).code).toBe(0);
    commit("domain changed");
  });

  it("brings a registry, namespace and template change to every file, edits kept, deploy check green", async () => {
    edit("deploy.config.yaml", "registry: docker.io", "registry: ghcr.io");
    edit("deploy.config.yaml", "imageNamespace: your-dockerhub-username", "imageNamespace: acme");
    edit(TEMPLATE_DEPLOYMENT, /periodSeconds: 10\n/, "periodSeconds: 15\n");

    const check = await sync("--check");
    expect(check.code).toBe(1);
    for (const app of ["orders", "billing", "demo"]) {
      expect(check.out).toContain(`would be updated: apps/${app}/kubernetes/deployment.yaml`);
      expect(check.out).toContain(`would be updated: .github/workflows/app-${app}.yml`);
    }

    const result = await sync();
    expect(result.out).not.toContain("CONFLICT");
    expect(result.code).toBe(0);
    expect(result.out).toContain("the next build on main writes the new reference back");
    for (const app of ["orders", "billing", "demo"]) {
      const deployment = read(`apps/${app}/kubernetes/deployment.yaml`);
      expect(deployment).toContain(`image: ghcr.io/acme/${app}:sha-0000000\n`);
      expect(deployment).toContain("periodSeconds: 15\n");
      expect(read(`.github/workflows/app-${app}.yml`)).toContain(`image: ghcr.io/acme/${app}`);
    }
    const orders = read("apps/orders/kubernetes/deployment.yaml");
    expect(orders).toContain("replicas: 4");
    expect(orders).toContain("name: ORDERS_CURRENCY");
    expect(read("apps/orders/src/app.ts")).toContain('"/orders/count"');
    expect(read("apps/orders/kubernetes/ingress.yaml")).toContain("proxy-body-size: 8m");
    // The new template version is recorded, and readable from git before it is committed.
    const record = (
      JSON.parse(read("apps/orders/package.json")) as { shipyard: { template: string } }
    ).shipyard;
    expect(record.template).toBe(git("rev-parse", `${record.template}^{tree}`));

    const deployCheck = await checkDeploy();
    expect(deployCheck.out).not.toMatch(/apps\/(orders|billing|demo)\//);
    expect(deployCheck.code).toBe(0);
    const again = await sync();
    expect(again.out).toContain("Nothing to change.");
    expect(again.code).toBe(0);
    expect((await sync("--check")).code).toBe(0);
    commit("registry, namespace and probe period changed");
  });

  it("changes one app's port and host in every file that carries them", async () => {
    const result = await sync("orders", "--port", "8100", "--host", "shop.example.test");
    expect(result.code).toBe(0);
    expect(read("apps/orders/Dockerfile")).toContain("ARG PORT=8100");
    const deployment = read("apps/orders/kubernetes/deployment.yaml");
    expect(deployment).toContain("containerPort: 8100");
    expect(deployment).toContain('value: "8100"');
    expect(deployment).toContain("replicas: 4");
    expect(read("apps/orders/kubernetes/ingress.yaml")).toContain("host: shop.example.test");
    const record = (
      JSON.parse(read("apps/orders/package.json")) as { shipyard: { port: number; host: string } }
    ).shipyard;
    expect(record).toMatchObject({ port: 8100, host: "shop.example.test" });
    expect((await checkDeploy()).code).toBe(0);
    expect((await sync("--check")).code).toBe(0);
    commit("orders moved");
  });

  it("refuses an unknown app, a taken port and answers without an app, naming the fix", async () => {
    const unknown = await sync("nope");
    expect(unknown.code).toBe(1);
    expect(unknown.out).toContain('There is no app "nope"');
    expect(unknown.out).toContain("Fix:");
    const taken = await sync("orders", "--port", "8002");
    expect(taken.code).toBe(1);
    expect(taken.out).toContain("The port 8002 is already used by the app billing");
    const noApp = await sync("--port", "8200");
    expect(noApp.code).toBe(1);
    expect(noApp.out).toContain("Fix: name the app");
    expect(git("status", "--porcelain")).toBe("");
  });

  it("marks and lists a conflicting edit, writes the other files, and reports the markers until resolved", async () => {
    edit("apps/billing/kubernetes/deployment.yaml", "periodSeconds: 15\n", "periodSeconds: 30\n");
    edit(TEMPLATE_DEPLOYMENT, /periodSeconds: 15\n/, "periodSeconds: 20\n");
    edit("deploy.config.yaml", "domain: apps.example.test", "domain: example.org");
    commit("billing's probe edited, template and domain changed");

    const result = await sync();
    expect(result.code).toBe(1);
    expect(result.out).toContain("CONFLICT: apps/billing/kubernetes/deployment.yaml");
    const billing = read("apps/billing/kubernetes/deployment.yaml");
    expect(billing).toMatch(/^<<<<<<< yours/m);
    // The render's side names both of its sources, since either may have moved the line.
    expect(billing).toMatch(/^>>>>>>> render now: template [0-9a-f]{7} and deploy\.config\.yaml$/m);
    expect(billing).toContain("periodSeconds: 30");
    expect(billing).toContain("periodSeconds: 20");
    expect(read("apps/billing/kubernetes/ingress.yaml")).toContain("host: billing.example.org");
    expect(read("apps/orders/kubernetes/deployment.yaml")).toContain("periodSeconds: 20\n");
    expect(read("apps/billing/package.json")).toContain('"domain": "example.org"');

    const check = await sync("--check");
    expect(check.code).toBe(1);
    expect(check.out).toContain("MARKERS: apps/billing/kubernetes/deployment.yaml");
    const again = await sync();
    expect(again.code).toBe(1);
    expect(again.out).toContain("MARKERS: apps/billing/kubernetes/deployment.yaml");

    // Resolved by keeping the user's period: nothing is left to do.
    write(
      "apps/billing/kubernetes/deployment.yaml",
      billing.replace(/<<<<<<< yours.*\n([^]*?)=======\n[^]*?>>>>>>> .*\n/, "$1"),
    );
    const resolved = await sync("--check");
    expect(resolved.out).toContain("Every app's files are up to date.");
    expect(resolved.code).toBe(0);
  });

  it("creates a file the new template adds and deletes one it drops when unedited", async () => {
    const added = "generators/templates/service/apps/{{name}}/README.md.hbs";
    writeFileSync(path.join(repo.root, added), "# {{name}}\n\n{{description}}\n");
    const result = await sync("billing");
    expect(result.code).toBe(0);
    expect(result.out).toContain("created: apps/billing/README.md");
    expect(read("apps/billing/README.md")).toContain("# billing");
    commit("a README in the template");
    execFileSync("git", ["rm", "-q", added], { cwd: repo.root });
    const dropped = await sync("billing");
    expect(dropped.code).toBe(0);
    expect(dropped.out).toContain("deleted: apps/billing/README.md");
    expect(existsSync(path.join(repo.root, "apps/billing/README.md"))).toBe(false);
  });

  it("adopts an app that records no template version: nothing merged, record completed", async () => {
    const manifest = JSON.parse(read("apps/billing/package.json")) as {
      shipyard: Record<string, unknown>;
    };
    delete manifest.shipyard.template;
    delete manifest.shipyard.deploy;
    write("apps/billing/package.json", `${JSON.stringify(manifest, null, 2)}\n`);
    edit("apps/billing/kubernetes/deployment.yaml", "replicas: 2", "replicas: 3");
    const result = await sync("billing");
    expect(result.code).toBe(0);
    expect(result.out).toContain("adopted");
    expect(read("apps/billing/kubernetes/deployment.yaml")).toContain("replicas: 3");
    const { shipyard } = JSON.parse(read("apps/billing/package.json")) as {
      shipyard: { template: string; deploy: { domain: string } };
    };
    expect(shipyard.template).toBe(
      await templateTreeId(path.join(repo.root, "generators/templates/service")),
    );
    expect(shipyard.deploy.domain).toBe("example.org");
    expect((await sync("--check")).code).toBe(0);
  });

  it("names the fix when the recorded template version is not in git", async () => {
    edit(
      "apps/orders/package.json",
      /"template": "[0-9a-f]{40}"/,
      `"template": "${"0".repeat(40)}"`,
    );
    const result = await sync("orders");
    expect(result.code).toBe(1);
    expect(result.out).toContain(`The template version ${"0".repeat(40)} is not among`);
    expect(result.out).toContain("git fetch --unshallow");
    git("checkout", "--", "apps/orders/package.json");
  });

  it("needs no git while the templates on disk are the recorded ones, and names the fix when they are not", async () => {
    await rm(path.join(repo.root, ".git"), { recursive: true, force: true });
    // Apps rendered from today's inputs need no git: their base is the render now.
    expect((await sync("--check")).code).toBe(0);
    // A deploy.config.yaml change is merged into the recorded template's render on disk.
    edit("deploy.config.yaml", "domain: example.org", "domain: example.net");
    const domainChange = await sync("--check");
    expect(domainChange.code).toBe(1);
    expect(domainChange.out).toContain("apps/demo/kubernetes/ingress.yaml");
    expect(domainChange.out).not.toContain("is not a git repository");
    const plan = await planSync(repo.root, { apps: ["demo"] });
    expect(
      pendingFiles(plan).find((file) => file.path === "apps/demo/kubernetes/ingress.yaml")?.text,
    ).toContain("host: demo.example.net");
    // Another template version's files are only in git.
    edit(TEMPLATE_DEPLOYMENT, /periodSeconds: \d+\n/, "periodSeconds: 25\n");
    const result = await sync("--check");
    expect(result.code).toBe(1);
    expect(result.out).toContain("is not a git repository");
    expect(result.out).toContain("Fix:");
  });
});
