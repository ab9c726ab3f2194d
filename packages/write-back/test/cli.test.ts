import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFixture, type Fixture } from "./git-fixture.js";

const run = promisify(execFile);
const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const tsx = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url));

let fixture: Fixture;
let out: string;
beforeEach(async () => {
  fixture = await createFixture();
  out = await mkdtemp(path.join(tmpdir(), "write-back-cli-"));
});
afterEach(async () => {
  await fixture.cleanup();
  await rm(out, { recursive: true, force: true });
});

async function writeBackCli(args: string[]) {
  const env = {
    ...process.env,
    GITHUB_STEP_SUMMARY: path.join(out, "summary.md"),
    GITHUB_OUTPUT: path.join(out, "output"),
  };
  return run(tsx, [main, ...args], { env }).catch(
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

describe("pnpm write-back", () => {
  it("commits the given references, and shows them in the job summary and outputs", async () => {
    const { b } = fixture.commits;
    const clone = await fixture.clone("runner");
    const reference = `${fixture.repository("demo")}:sha-${b.slice(0, 7)}@sha256:${"c".repeat(64)}`;
    const result = await writeBackCli([
      "--repo",
      clone,
      "--source",
      b,
      "--image",
      `demo=${reference}`,
    ]);
    const [tip] = await fixture.log();
    const commit = tip!.split(" ")[0]!;
    expect(result.stdout).toBe(`${commit}: demo -> ${reference}\n`);
    expect(await readFile(path.join(out, "output"), "utf8")).toBe(`commit=${commit}\n`);
    const summary = await readFile(path.join(out, "summary.md"), "utf8");
    expect(summary).toContain(
      `### Wrote back the images of ${b.slice(0, 7)} in ${commit.slice(0, 7)}`,
    );
    expect(summary).toContain(`| demo | \`${reference}\` |`);

    const again = await writeBackCli([
      "--repo",
      clone,
      "--source",
      b,
      "--image",
      `demo=${reference}`,
    ]);
    expect(again.stdout).toBe("nothing to change: no commit\n");
    expect(again.stderr).toContain(
      "demo unchanged: apps/demo/kubernetes/deployment.yaml already names it",
    );
  });

  it("names the problem and the fix for a bad command line, and exits 1", async () => {
    const clone = await fixture.clone("runner");
    const noSource = await writeBackCli(["--repo", clone, "--image", "demo=x"]);
    expect(noSource).toMatchObject({ code: 1 });
    expect((noSource as { stderr: string }).stderr).toMatch(
      /^write-back: which commit's images\? Give --source <commit>\./,
    );
    const unknown = await writeBackCli([
      "--repo",
      clone,
      "--source",
      "f".repeat(40),
      "--image",
      "demo=x",
    ]);
    expect((unknown as { stderr: string }).stderr).toContain(
      `--source ${"f".repeat(40)} is not a commit of ${clone}`,
    );
    const badPair = await writeBackCli([
      "--repo",
      clone,
      "--source",
      fixture.commits.b,
      "--image",
      "demo",
    ]);
    expect((badPair as { stderr: string }).stderr).toContain(
      "--image demo: write it as <app>=<reference>.",
    );
  });
});
