// A bare repository standing in for GitHub, seeded with two apps' manifests (copies of the
// demo's), and clones of it standing in for CI runners.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { repositoryRoot as root } from "@repo/workspace/repository-root";

const run = promisify(execFile);
export const DEMO_MANIFEST = path.join(root, "apps/demo/kubernetes/deployment.yaml");
const IDENTITY = ["-c", "user.name=Dev", "-c", "user.email=dev@example.com"];

export async function sh(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run("git", [...IDENTITY, ...args], { cwd });
  return stdout.trim();
}

export interface Fixture {
  dir: string;
  remote: string;
  /** The commits on main, oldest first: the seed, then a, b and c changing the apps' code. */
  commits: { seed: string; a: string; b: string; c: string };
  /** The image repository each app's manifest runs. */
  repository: (app: string) => string;
  clone: (name: string) => Promise<string>;
  /** The text of a file on the remote's main. */
  show: (file: string) => Promise<string>;
  log: () => Promise<string[]>;
  cleanup: () => Promise<void>;
}

export async function createFixture(): Promise<Fixture> {
  const dir = await mkdtemp(path.join(tmpdir(), "write-back-test-"));
  const remote = path.join(dir, "remote.git");
  await run("git", ["init", "--quiet", "--bare", "--initial-branch=main", remote]);
  const seed = path.join(dir, "seed");
  await run("git", ["clone", "--quiet", remote, seed]);
  const demo = await readFile(DEMO_MANIFEST, "utf8");
  const repositoryOf = (app: string) =>
    /image: (\S+?)(?::[^/@\s]+)?(?:@\S+)?\n/.exec(demo)![1]!.replace(/demo$/, app);
  for (const app of ["demo", "orders"]) {
    await mkdir(path.join(seed, "apps", app, "kubernetes"), { recursive: true });
    await writeFile(
      path.join(seed, "apps", app, "kubernetes", "deployment.yaml"),
      demo.replaceAll("demo", app),
    );
    await writeFile(path.join(seed, "apps", app, "main.ts"), "v0\n");
  }
  await sh(seed, ["add", "-A"]);
  await sh(seed, ["commit", "--quiet", "-m", "seed"]);
  const commits = { seed: await sh(seed, ["rev-parse", "HEAD"]), a: "", b: "", c: "" };
  for (const name of ["a", "b", "c"] as const) {
    await writeFile(path.join(seed, "apps", "demo", "main.ts"), `${name}\n`);
    await writeFile(path.join(seed, "apps", "orders", "main.ts"), `${name}\n`);
    await sh(seed, ["commit", "--quiet", "-am", `change ${name}`]);
    commits[name] = await sh(seed, ["rev-parse", "HEAD"]);
  }
  await sh(seed, ["push", "--quiet", "origin", "main"]);
  return {
    dir,
    remote,
    commits,
    repository: repositoryOf,
    clone: async (name) => {
      const target = path.join(dir, name);
      await run("git", ["clone", "--quiet", remote, target]);
      return target;
    },
    show: (file) => sh(remote, ["show", `main:${file}`]),
    log: async () => (await sh(remote, ["log", "--format=%H %s", "main"])).split("\n"),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
