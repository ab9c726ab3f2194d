// Image benchmark: build times (cold, after a one-line source change, after dependency
// changes) and sizes of the demo's image, against the naive single-stage Dockerfile built in
// the same run. Works on a temporary copy of the repository, which it edits and removes.
//
//   pnpm bench:docker            (needs a Docker engine; DOCKER_NETWORK is used when set)
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const network = process.env.DOCKER_NETWORK;
const TAG = "shipyard-bench/demo";
const NAIVE_TAG = "shipyard-bench/demo-naive";
const MAX_ADDED_MB = 15;

function run(command, args, cwd, env = {}) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, DOCKER_BUILDKIT: "1", HUSKY: "0", ...env },
  });
  if (result.error) throw result.error;
  return { code: result.status ?? 1, output: `${result.stdout}${result.stderr}` };
}

function must(command, args, cwd, env) {
  const result = run(command, args, cwd, env);
  if (result.code !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed:\n${result.output.slice(-3000)}`);
  }
  return result.output.trim();
}

/** Builds and returns the seconds it took and whether the dependency install step ran. */
function build(copy, { dockerfile = "apps/demo/Dockerfile", tag = TAG, noCache = false } = {}) {
  const args = ["build", "--progress=plain", "-f", dockerfile, "-t", tag];
  if (network) args.push("--network", network);
  if (noCache) args.push("--no-cache");
  const started = process.hrtime.bigint();
  const output = must("docker", [...args, "."], copy);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // BuildKit's plain progress prints "#<n> [stage i/k] RUN … pnpm install …" for the step,
  // then "#<n> CACHED" when its layer was reused.
  const step = /^#(\d+) \[[^\]]+\] RUN .*pnpm install/m.exec(output);
  if (!step) throw new Error(`no pnpm install step in the build output of ${dockerfile}`);
  const installCached = new RegExp(`^#${step[1]} CACHED$`, "m").test(output);
  return { seconds, installCached };
}

const size = (image) =>
  Number(must("docker", ["image", "inspect", "--format", "{{.Size}}", image]));
const mb = (bytes) => bytes / 1e6;

function copyRepository() {
  const copy = mkdtempSync(join(tmpdir(), "shipyard-bench-"));
  const files = must(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    repoRoot,
  )
    .split("\0")
    .filter((file) => file && existsSync(join(repoRoot, file)));
  for (const file of files) cpSync(join(repoRoot, file), join(copy, file));
  return copy;
}

function edit(file, from, to) {
  const text = readFileSync(file, "utf8");
  if (!text.includes(from)) throw new Error(`${file} no longer contains ${from}: update the bench`);
  writeFileSync(file, text.replace(from, to));
}

function main() {
  const engine = run("docker", ["version", "--format", "{{.Server.Version}}"], repoRoot);
  if (engine.code !== 0) {
    throw new Error(
      `No Docker engine is reachable (${engine.output.trim().split("\n").at(-1)}). Start Docker ` +
        `(on this repository's CI machine: eval "$(../shared/tools/docker-up)") or set DOCKER_HOST.`,
    );
  }
  const copy = copyRepository();
  try {
    process.stdout.write(`docker engine ${engine.output.trim()}, working copy ${copy}\n`);
    const naive = build(copy, {
      dockerfile: "bench/docker/naive.Dockerfile",
      tag: NAIVE_TAG,
      noCache: true,
    });
    const cold = build(copy, { noCache: true });
    const again = build(copy);

    // Every change carries this run's id: BuildKit would serve a change made by an earlier
    // run from its layer cache, and the rebuild would measure nothing.
    const runId = Date.now().toString(36);
    edit(join(copy, "apps/demo/src/app.ts"), 'Hello: "World"', `Hello: "World ${runId}"`);
    const source = build(copy);

    // A dependency of another workspace: the demo's pruned lockfile does not change.
    must(
      "pnpm",
      ["--filter", "@repo/e2e", "add", "--save-dev", "ms@2.1.3", "--lockfile-only"],
      copy,
    );
    const otherDep = build(copy);

    must("pnpm", ["--filter", "demo", "add", "ms@2.1.3", "--lockfile-only"], copy);
    edit(join(copy, "apps/demo/package.json"), '"version": "0.0.0"', `"version": "0.0.0-${runId}"`);
    const ownDep = build(copy);

    const base = /^FROM\s+(\S+)\s*$/gm;
    const froms = [...readFileSync(join(copy, "apps/demo/Dockerfile"), "utf8").matchAll(base)];
    const baseImage = froms.at(-1)[1];
    const image = size(TAG);
    const added = image - size(baseImage);
    const naiveSize = size(NAIVE_TAG);
    const naiveAdded = naiveSize - size("node:24-bookworm-slim");
    run("docker", ["image", "rm", NAIVE_TAG], repoRoot);

    const s = (seconds) => `${seconds.toFixed(1)} s`;
    const install = (step) => (step.installCached ? "install CACHED" : "install ran");
    const rows = [
      ["naive single-stage build, no cache (baseline)", s(naive.seconds), "", ""],
      [
        "cold build, no layer cache",
        s(cold.seconds),
        `${(cold.seconds / naive.seconds).toFixed(2)}× baseline`,
        "",
      ],
      [
        "rebuild, nothing changed",
        s(again.seconds),
        install(again),
        again.installCached ? "ok" : "MISSED",
      ],
      [
        "rebuild after a one-line source change",
        s(source.seconds),
        install(source),
        source.installCached ? "ok" : "MISSED",
      ],
      [
        "rebuild after another workspace's dependency change",
        s(otherDep.seconds),
        install(otherDep),
        otherDep.installCached ? "ok" : "MISSED",
      ],
      [
        "rebuild after the app's dependency change",
        s(ownDep.seconds),
        install(ownDep),
        ownDep.installCached ? "MISSED" : "ok",
      ],
      ["image size", `${mb(image).toFixed(1)} MB`, `naive ${mb(naiveSize).toFixed(1)} MB`, ""],
      [
        `app's layers over ${baseImage}`,
        `${mb(added).toFixed(1)} MB`,
        `≤ ${MAX_ADDED_MB} MB; naive adds ${mb(naiveAdded).toFixed(1)} MB (${(naiveAdded / added).toFixed(0)}×)`,
        mb(added) <= MAX_ADDED_MB ? "ok" : "MISSED",
      ],
    ];
    const header = ["measure", "value", "target / comparison", "result"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
    process.stdout.write(
      [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n") + "\n",
    );
    if (rows.some((row) => row[3] === "MISSED")) process.exitCode = 1;
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

main();
