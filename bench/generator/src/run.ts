// pnpm bench:gen — what adding services costs, measured in a temporary clone of this
// repository (committed files only), which is removed afterwards:
//   1. writing one service's files (render, place, format; no install), against copying the
//      demo's folder with fs.cp, the raw file-system cost of the same amount of files;
//   2. from `pnpm gen service` to a service whose tests pass, against the demo's own tests;
//   3. `turbo run build` of the whole repository with 0 (baseline), 1, 10 and 30 generated
//      services, cold (--force: no cache read) and fully cached.
// Targets: files < 1 s; cached build of 30 services < 2 s; cold cost no worse than linear.
// Exits 1 when a target is missed.
import { execFileSync } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { firstFailure, loadServiceGenerator } from "@repo/generators/load-service-generator";

const REPO = path.resolve(import.meta.dirname, "..", "..", "..");
const NO_INSTALL = { command: process.execPath, args: ["-e", ""] };
const FILE_RUNS = 5;
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", HUSKY: "0" };

const say = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function sh(cwd: string, command: string, args: string[]): string {
  return execFileSync(command, args, {
    cwd,
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 << 20,
  });
}

async function timed<T>(fn: () => Promise<T> | T): Promise<[number, T]> {
  const start = performance.now();
  const value = await fn();
  return [performance.now() - start, value];
}

const clone = await mkdtemp(path.join(tmpdir(), "shipyard-bench-gen-"));
try {
  say(`cloning into ${clone} and installing (offline from the store when it can)…`);
  sh(tmpdir(), "git", ["clone", "--quiet", REPO, clone]);
  sh(clone, "pnpm", ["install", "--prefer-offline", "--frozen-lockfile"]);
  const generator = await loadServiceGenerator(clone, NO_INSTALL);

  // 1. Files.
  const fileTimes: number[] = [];
  const copyTimes: number[] = [];
  for (let i = 1; i <= FILE_RUNS; i++) {
    const [ms, result] = await timed(() => generator.runActions({ name: `files-${i}` }));
    if (firstFailure(result)) throw new Error(firstFailure(result)!.error);
    fileTimes.push(ms);
    const [copyMs] = await timed(() =>
      cp(path.join(clone, "apps", "demo"), path.join(clone, "apps", `copy-${i}`), {
        recursive: true,
        filter: (source) => !/[\\/](node_modules|dist|\.turbo)$/.test(source),
      }),
    );
    copyTimes.push(copyMs);
  }
  for (let i = 1; i <= FILE_RUNS; i++) {
    await rm(path.join(clone, "apps", `files-${i}`), { recursive: true });
    await rm(path.join(clone, ".github", "workflows", `app-files-${i}.yml`));
    await rm(path.join(clone, "apps", `copy-${i}`), { recursive: true });
  }

  // 3 (baseline). turbo build of the clone as it came: demo and the packages.
  const build = async () => {
    const [cold] = await timed(() =>
      sh(clone, "pnpm", ["turbo", "run", "build", "--force", "--output-logs=errors-only"]),
    );
    const [cached, output] = await timed(() =>
      sh(clone, "pnpm", ["turbo", "run", "build", "--output-logs=errors-only"]),
    );
    if (!output.includes("FULL TURBO"))
      throw new Error(`the second build was not all cache hits:\n${output}`);
    return { cold, cached };
  };
  const baseline = await build();

  // 2. From `pnpm gen service` to passing tests.
  const [demoTestMs] = await timed(() => sh(clone, "pnpm", ["--filter", "demo", "test"]));
  const [genMs] = await timed(() =>
    sh(clone, "pnpm", ["gen", "service", "svc-1", "--port", "8001"]),
  );
  const [testMs] = await timed(() => sh(clone, "pnpm", ["--filter", "svc-1", "test"]));

  // 3. turbo build with 1, 10 and 30 generated services (the later ones written without an
  // install each, then installed once).
  const rows: { services: number; cold: number; cached: number }[] = [];
  let count = 1;
  for (const target of [1, 10, 30]) {
    const before = count;
    for (; count < target;) {
      count += 1;
      const result = await generator.runActions({
        name: `svc-${count}`,
        port: String(8000 + count),
      });
      if (firstFailure(result)) throw new Error(firstFailure(result)!.error);
    }
    if (count > before) sh(clone, "pnpm", ["install", "--prefer-offline"]);
    rows.push({ services: target, ...(await build()) });
  }

  // The table.
  const fileMs = median(fileTimes);
  const copyMs = median(copyTimes);
  say("");
  say("| measure | time | against the baseline |");
  say("| --- | --- | --- |");
  say(
    `| copy the demo's folder with fs.cp (baseline, median of ${FILE_RUNS}) | ${seconds(copyMs)} | |`,
  );
  say(
    `| write a service's files: render, place, format (median of ${FILE_RUNS}) | ${seconds(fileMs)} | ${(fileMs / copyMs).toFixed(1)}× |`,
  );
  say(`| demo's unit tests (baseline) | ${seconds(demoTestMs)} | |`);
  say(`| \`pnpm gen service\` with its install | ${seconds(genMs)} | |`);
  say(
    `| the new service's unit tests | ${seconds(testMs)} | ${(testMs / demoTestMs).toFixed(2)}× the demo's |`,
  );
  say(`| gen to passing tests | ${seconds(genMs + testMs)} | |`);
  say("");
  say(
    "| generated services | cold build | per generated service (over the baseline) | fully cached build |",
  );
  say("| --- | --- | --- | --- |");
  say(
    `| 0 (baseline: demo and the packages) | ${seconds(baseline.cold)} | | ${seconds(baseline.cached)} |`,
  );
  for (const row of rows) {
    say(
      `| ${row.services} | ${seconds(row.cold)} | ${seconds((row.cold - baseline.cold) / row.services)} | ${seconds(row.cached)} |`,
    );
  }

  const at = (n: number) => rows.find((row) => row.services === n)!;
  const perService = (n: number) => (at(n).cold - baseline.cold) / n;
  // Linear or better: the 30th service costs no more on average than the 10th did, with 25 %
  // for noise on a shared machine.
  const checks: [string, boolean][] = [
    [`files written in ${seconds(fileMs)} < 1 s`, fileMs < 1000],
    [`cached build of 30 services in ${seconds(at(30).cached)} < 2 s`, at(30).cached < 2000],
    [
      `cold cost per service at 30 (${seconds(perService(30))}) ≤ 1.25 × at 10 (${seconds(perService(10))})`,
      perService(30) <= 1.25 * perService(10),
    ],
  ];
  say("");
  for (const [what, ok] of checks) say(`${ok ? "ok    " : "MISSED"} ${what}`);
  process.exitCode = checks.every(([, ok]) => ok) ? 0 : 1;
} finally {
  await rm(clone, { recursive: true, force: true });
}
