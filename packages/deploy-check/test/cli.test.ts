import { execFile } from "node:child_process";
import { symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { repositoryRoot } from "@repo/workspace/repository-root";
import { copyRepository, edit } from "./repository-copy.js";

const run = promisify(execFile);
const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"]
  .concat(
    ["b", "c", "d", "e", "f", "g"].map(
      (name, i) => `${name}: &${name} [${Array(9).fill(`*${"abcdefg"[i]}`).join(", ")}]`,
    ),
  )
  .join("\n");
const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return cliWith({ GITHUB_ACTIONS: "" }, ...args);
}

async function cliWith(
  env: Record<string, string>,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run("pnpm", ["exec", "tsx", "src/cli.ts", ...args], {
      cwd: packageDir,
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

// Run by `pnpm test`, this process inherits the settings of that pnpm (npm_config_reporter…),
// which the pnpm below would take as its own: start it as from a user's shell instead.
const shellEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !/^(npm_|pnpm_)/i.test(name)),
);

/** The root script as a user runs it, from the repository root. */
async function pnpm(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run("pnpm", args, { cwd: repositoryRoot, env: shellEnv });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

// Each case starts the command in a new process, which a loaded CI machine can make slow.
describe("deploy-check command", { timeout: 300_000 }, () => {
  let remove = () => {};
  afterEach(() => remove());

  it("exits 0 on the template, warning that the image namespace is still the placeholder", async () => {
    const { code, stdout } = await cli("--root", repositoryRoot);
    expect(stdout).toMatch(
      /^warning: deploy\.config\.yaml: line \d+ imageNamespace is still the placeholder your-dockerhub-username: CI cannot push the images/m,
    );
    expect(stdout).toMatch(
      /^deploy-check: \d+ app\(s\) checked \(.*demo.*\), no problems, 1 warning\(s\) in [\d.]+ s$/m,
    );
    expect(code).toBe(0);
  });

  it("annotates the placeholder warning on its line in GitHub Actions", async () => {
    const { code, stdout } = await cliWith({ GITHUB_ACTIONS: "true" }, "--root", repositoryRoot);
    expect(stdout).toMatch(
      /^::warning file=deploy\.config\.yaml,line=\d+,title=deploy-check placeholder::imageNamespace is still the placeholder your-dockerhub-username/m,
    );
    expect(code).toBe(0);
  });

  it("says nothing of the placeholder once the namespace is set", async () => {
    const copy = copyRepository();
    remove = copy.remove;
    // As `pnpm gen sync` leaves them: the record says the files were rendered with it too.
    for (const file of [
      "deploy.config.yaml",
      "apps/demo/kubernetes/deployment.yaml",
      ".github/workflows/app-demo.yml",
      "apps/demo/package.json",
    ]) {
      edit(copy.root, file, /your-dockerhub-username/, "alice");
    }
    const { code, stdout } = await cli("--root", copy.root);
    expect(stdout).not.toMatch(/warning/);
    expect(stdout).toMatch(/no problems in [\d.]+ s$/m);
    expect(code).toBe(0);
  });

  it("exits 1 with one line per problem, and --json for tools", async () => {
    const copy = copyRepository();
    remove = copy.remove;
    edit(copy.root, "apps/demo/kubernetes/service.yaml", /targetPort: http/, "targetPort: web");

    const text = await cli("--root", copy.root);
    expect(text.code).toBe(1);
    expect(text.stdout.split("\n")[0]).toMatch(
      /^apps\/demo\/kubernetes\/service\.yaml: spec\.ports\[0\]\.targetPort "web"/,
    );
    expect(text.stdout).toMatch(/1 problem\(s\)/);

    const json = await cli("--root", copy.root, "--json");
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as {
      problems: { file: string; field: string; rule: string }[];
    };
    expect(report.problems).toEqual([
      expect.objectContaining({
        file: "apps/demo/kubernetes/service.yaml",
        field: "spec.ports[0].targetPort",
        rule: "ports",
      }),
    ]);
  });

  it("prints JSON alone on stdout through pnpm --silent, as the docs write it", async () => {
    const { code, stdout } = await pnpm("--silent", "check:deploy", "--json");
    const report = JSON.parse(stdout) as {
      apps: string[];
      problems: unknown[];
      warnings: { rule: string }[];
    };
    expect(report.apps).toContain("demo");
    expect(report.problems).toEqual([]);
    expect(report.warnings).toEqual([expect.objectContaining({ rule: "placeholder" })]);
    expect(code).toBe(0);
  });

  it("says how to get JSON alone when pnpm printed its banner first", async () => {
    const { stdout, stderr } = await pnpm("check:deploy", "--json");
    expect(stdout).toMatch(/^\s*> shipyard@ check:deploy/);
    expect(stderr).toMatch(
      /pnpm printed its banner on stdout before this JSON; for JSON alone run pnpm --silent check:deploy --json/,
    );
  });

  it("answers --json with JSON on a hostile repository, and never prints its escapes raw", async () => {
    const copy = copyRepository();
    remove = copy.remove;
    writeFileSync(join(copy.root, "apps/demo/kubernetes/bomb.yaml"), bomb);
    symlinkSync("loop.yaml", join(copy.root, "apps/demo/kubernetes/loop.yaml"));
    edit(copy.root, "apps/demo/Dockerfile", /^(USER .*)$/m, "\u001b[2J\u001b]0;pwned\u0007$1");

    const json = await cli("--root", copy.root, "--json");
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as { problems: { file: string; message: string }[] };
    expect(report.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: "apps/demo/kubernetes/bomb.yaml" }),
        expect.objectContaining({ file: "apps/demo/kubernetes/loop.yaml" }),
        expect.objectContaining({ file: "apps/demo/Dockerfile" }),
      ]),
    );

    const text = await cli("--root", copy.root);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/\\x1b\[2J/);
    expect(text.stdout).not.toMatch(/(?!\n)\p{Cc}/u);
  });

  it("answers --json with JSON even when it cannot start", async () => {
    const { code, stdout } = await cli("--root", "/", "--json");
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toEqual({
      error: expect.stringMatching(/no pnpm-workspace\.yaml in \/ or any folder above it/),
    });
  });

  it("refuses an unknown option with a usage line", async () => {
    const { code, stderr } = await cli("--jsn");
    expect(code).toBe(2);
    expect(stderr).toMatch(/Unknown option '--jsn'[\s\S]*usage: deploy-check/);
  });

  it("says where to run it when there is no repository", async () => {
    const { code, stderr } = await cli("--root", "/");
    expect(code).toBe(2);
    expect(stderr).toMatch(/no pnpm-workspace\.yaml in \/ or any folder above it/);
  });
});
