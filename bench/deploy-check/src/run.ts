// How long the deploy-chain check takes, in process and as the command people run, against
// the fixed cost of starting the same toolchain (tsx) on an empty script, measured in the same
// run. Target: every app checked in under 5 s. It also times a copy of the repository with
// ten more apps, to show how the cost grows with the number of services.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkRepository } from "@repo/deploy-check/check";
import { findRepositoryRoot } from "@repo/workspace/repository-root";

const root = findRepositoryRoot(process.cwd());
const runs = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timeCommand(args: string[], cwd: string): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    try {
      execFileSync(args[0]!, args.slice(1), { cwd, stdio: "ignore" });
    } catch {
      // A run that finds problems exits 1; its time still counts.
    }
    times.push(performance.now() - started);
  }
  return median(times) / 1000;
}

async function timeInProcess(repo: string): Promise<{ seconds: number; apps: number }> {
  const times: number[] = [];
  let apps = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    apps = (await checkRepository(repo)).apps.length;
    times.push(performance.now() - started);
  }
  return { seconds: median(times) / 1000, apps };
}

const empty = join(mkdtempSync(join(tmpdir(), "bench-empty-")), "empty.ts");
writeFileSync(empty, "");

const many = mkdtempSync(join(tmpdir(), "bench-apps-"));
for (const entry of [
  "apps",
  "packages",
  "generators",
  ".github",
  "deploy.config.yaml",
  "pnpm-workspace.yaml",
  "prettier.config.js",
]) {
  cpSync(join(root, entry), join(many, entry), {
    recursive: true,
    filter: (source) => !/node_modules|dist|\.turbo/.test(source),
  });
}
// The render rule formats with the repository's Prettier configuration, a workspace package.
symlinkSync(join(root, "node_modules"), join(many, "node_modules"));
for (let i = 1; i <= 10; i++) {
  const app = `copy${i}`;
  cpSync(join(root, "apps/demo"), join(many, `apps/${app}`), {
    recursive: true,
    filter: (s) => !/node_modules|dist|\.turbo/.test(s),
  });
  // Each copy records its own name, so the render rule renders it as it would a generated app.
  const manifestFile = join(many, `apps/${app}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as {
    name: string;
    shipyard?: { name: string };
  };
  manifest.name = app;
  if (manifest.shipyard) manifest.shipyard.name = app;
  writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
}

const baseline = timeCommand(["pnpm", "exec", "tsx", empty], root);
const command = timeCommand(["pnpm", "check:deploy"], root);
const inProcess = await timeInProcess(root);
const scaled = await timeInProcess(many);
rmSync(many, { recursive: true, force: true });

const rows = [
  ["baseline: tsx on an empty script", baseline, "", ""],
  [
    `deploy-check command (${inProcess.apps} app(s))`,
    command,
    (command / baseline).toFixed(2),
    command < 5 ? "yes" : "NO",
  ],
  [
    `in process (${inProcess.apps} app(s))`,
    inProcess.seconds,
    (inProcess.seconds / baseline).toFixed(2),
    inProcess.seconds < 5 ? "yes" : "NO",
  ],
  [
    `in process (${scaled.apps} apps)`,
    scaled.seconds,
    (scaled.seconds / baseline).toFixed(2),
    scaled.seconds < 5 ? "yes" : "NO",
  ],
] as const;
const lines = [
  `| what (median of ${runs}) | seconds | × baseline | under 5 s |`,
  "| --- | ---: | ---: | --- |",
  ...rows.map(
    ([what, seconds, ratio, ok]) => `| ${what} | ${seconds.toFixed(3)} | ${ratio} | ${ok} |`,
  ),
];
process.stdout.write(`${lines.join("\n")}\n`);
