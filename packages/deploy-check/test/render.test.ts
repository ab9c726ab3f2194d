// The render rule on a plain copy of the repository (no git): a deploy.config.yaml change the
// files do not carry yet, conflict markers, a hand edit the sync keeps, a record behind files
// that already match, and a template change whose base only git holds.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkRepository } from "../src/check.js";
import { formatProblem } from "../src/problem.js";
import { copyRepository, edit } from "./repository-copy.js";

const ingress = "apps/demo/kubernetes/ingress.yaml";
const deployment = "apps/demo/kubernetes/deployment.yaml";
const sync = "(fix: run `pnpm gen sync`, which merges the change and keeps your edits)";

// A copy and a render of the demo per case, on a machine that may be busy.
describe("the render rule", { timeout: 120_000 }, () => {
  let root: string;
  let remove: () => void;
  beforeEach(() => ({ root, remove } = copyRepository()));
  afterEach(() => remove());

  const check = async () => {
    const { problems, warnings } = await checkRepository(root);
    return {
      problems: problems.map(formatProblem),
      warnings: warnings.filter((w) => w.rule === "render").map(formatProblem),
    };
  };

  it("names the Ingress a domain change has not reached", async () => {
    edit(root, "deploy.config.yaml", /^domain: .*$/m, "domain: apps.example.test");
    expect((await check()).problems).toEqual([
      `${ingress} is out of date with deploy.config.yaml ${sync}`,
    ]);
  });

  it("names the Ingress an ingressClass change has not reached", async () => {
    edit(root, "deploy.config.yaml", /^ingressClass: .*$/m, "ingressClass: traefik");
    expect((await check()).problems).toEqual([
      `${ingress} is out of date with deploy.config.yaml ${sync}`,
    ]);
  });

  it("keeps quiet about a hand edit a sync would keep", async () => {
    edit(root, deployment, /replicas: \d+/, "replicas: 5");
    expect(await check()).toEqual({ problems: [], warnings: [] });
  });

  it("warns, without failing, when only the record lags behind files that already match", async () => {
    edit(root, "deploy.config.yaml", /^domain: .*$/m, "domain: apps.example.test");
    edit(root, ingress, /demo\.localhost/g, "demo.apps.example.test");
    expect(await check()).toEqual({
      problems: [],
      warnings: [
        "apps/demo/package.json: shipyard still records what the files were rendered from before deploy.config.yaml changed, though they already match (fix: run `pnpm gen sync`, which updates the record)",
      ],
    });
  });

  it("names a file that still holds conflict markers", async () => {
    const file = join(root, deployment);
    const text = readFileSync(file, "utf8");
    writeFileSync(
      file,
      text.replace(
        /( +)replicas: (\d+)\n/,
        "<<<<<<< yours: deployment.yaml\n$1replicas: 5\n=======\n$1replicas: $2\n>>>>>>> template\n",
      ),
    );
    expect((await check()).problems).toContain(
      `${deployment} holds conflict markers from \`pnpm gen sync\` (fix: resolve them (keep the lines you want, remove the markers), then run \`pnpm gen sync\` again)`,
    );
  });

  it("names the one problem, and the other rules still run, when the base needs git", async () => {
    edit(
      root,
      "generators/templates/service/apps/{{name}}/kubernetes/deployment.yaml.hbs",
      /periodSeconds: 10\n/,
      "periodSeconds: 15\n",
    );
    edit(root, "apps/demo/kubernetes/service.yaml", /targetPort: http/, "targetPort: web");
    const { problems } = await check();
    expect(problems).toEqual([
      expect.stringMatching(/^apps\/demo\/kubernetes\/service\.yaml: spec\.ports\[0\]\.targetPort/),
      expect.stringMatching(
        /^apps\/demo\/package\.json cannot be compared with its render: .* is not a git repository, and apps\/demo was rendered from template version [0-9a-f]{7}, not the one on disk .*Fix: run the sync in the repository's git clone\.$/,
      ),
    ]);
  });
});
