// pnpm bench:sync — what keeping 30 generated services current costs, measured in a temporary
// clone of this repository (committed files only), which is removed afterwards:
//   baseline: `pnpm gen sync --check` on the clone with every app up to date (median of 3),
//       and `pnpm gen sync --help` for the start-up (pnpm, tsx, the modules) inside it;
//   (a) a template change (the liveness probe's period) reaching every app through one
//       `pnpm gen sync`, with a few apps edited by hand beforehand (replicas, an env var);
//       then a second sync, which must change nothing;
//   (b) a deploy.config.yaml `domain` change applied to every app by one `pnpm gen sync`,
//       then `pnpm check:deploy`.
// Targets: (a) under 10 s with 0 conflicts on files nobody edited, the edits kept, the second
// sync changing nothing; (b) every Ingress on the new domain and `pnpm check:deploy` green.
// Exits 1 when a target is missed.
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { firstFailure, loadServiceGenerator } from "@repo/generators/load-service-generator";

const REPO = path.resolve(import.meta.dirname, "..", "..", "..");
const NO_INSTALL = { command: process.execPath, args: ["-e", ""] };
const SERVICES = 30;
// Edited by hand before the template change: replicas on all, an env var on the first three.
const EDITED = ["svc-3", "svc-7", "svc-11", "svc-19", "svc-27"];
const WITH_ENV = EDITED.slice(0, 3);
const TEMPLATE_DEPLOYMENT =
  "generators/templates/service/apps/{{name}}/kubernetes/deployment.yaml.hbs";
const OLD_LIVENESS = "initialDelaySeconds: 5\n            periodSeconds: 10\n";
const NEW_LIVENESS = "initialDelaySeconds: 5\n            periodSeconds: 15\n";
const NEW_DOMAIN = "apps.example.test";
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", HUSKY: "0", CI: "" };

const say = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const clone = await mkdtemp(path.join(tmpdir(), "shipyard-bench-sync-"));
const file = (name: string) => path.join(clone, name);
const read = (name: string) => readFileSync(file(name), "utf8");
function edit(name: string, from: string, to: string): void {
  const text = read(name);
  if (!text.includes(from)) throw new Error(`${name} no longer holds ${JSON.stringify(from)}`);
  writeFileSync(file(name), text.replace(from, to));
}

function sh(command: string, args: string[]): string {
  return execFileSync(command, args, {
    cwd: clone,
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 << 20,
  });
}

// CPU time of the children waited for (Linux's /proc/self/stat: cutime + cstime, in ticks of
// 10 ms): on a machine shared with other work, wall time swells with the load, CPU time barely.
function childrenCpuMs(): number {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

interface Run {
  ms: number;
  cpuMs: number;
  code: number | null;
  out: string;
}

/** A command as a user runs it, timed; a non-zero exit is a result here, not an error. */
function timedRun(args: string[]): Run {
  const cpuStart = childrenCpuMs();
  const start = performance.now();
  const result = spawnSync("pnpm", ["--silent", ...args], {
    cwd: clone,
    env,
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  const ms = performance.now() - start;
  return {
    ms,
    cpuMs: childrenCpuMs() - cpuStart,
    code: result.status,
    out: result.stdout + result.stderr,
  };
}

const changedFiles = () =>
  sh("git", ["status", "--porcelain", "--untracked-files=all"])
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => line.slice(3));
const commit = (message: string) => {
  sh("git", ["add", "-A"]);
  sh("git", ["commit", "-q", "--no-verify", "-m", message]);
};
const withMarkers = (files: string[]) =>
  files.filter((name) => /^<{7} /m.test(read(name)) || /^>{7} /m.test(read(name)));
const appOf = (name: string) =>
  /^apps\/([^/]+)\//.exec(name)?.[1] ?? /^\.github\/workflows\/app-(.+)\.yml$/.exec(name)?.[1];

try {
  say(`cloning into ${clone} and installing (offline from the store when it can)…`);
  sh("git", ["clone", "--quiet", REPO, clone]);
  sh("git", ["config", "user.email", "bench@example.invalid"]);
  sh("git", ["config", "user.name", "bench"]);
  sh("pnpm", ["install", "--prefer-offline", "--frozen-lockfile"]);

  say(`generating ${SERVICES} services…`);
  const generator = await loadServiceGenerator(clone, NO_INSTALL);
  for (let i = 1; i <= SERVICES; i++) {
    const result = await generator.runActions({ name: `svc-${i}`, port: String(8000 + i) });
    if (firstFailure(result)) throw new Error(firstFailure(result)!.error);
  }
  commit(`${SERVICES} services generated`);
  for (const app of EDITED) {
    const deployment = `apps/${app}/kubernetes/deployment.yaml`;
    edit(deployment, "replicas: 2", "replicas: 3");
    if (WITH_ENV.includes(app)) {
      edit(
        deployment,
        '            - name: METRICS_PORT\n              value: "9464"\n',
        '            - name: METRICS_PORT\n              value: "9464"\n            - name: FEATURE_FLAGS\n              value: fast-checkout\n',
      );
    }
  }
  commit("a few services edited by hand");
  const apps = sh("git", ["ls-files", "apps/*/package.json"]).split("\n").filter(Boolean).length;

  // Baseline: the sync's own fixed cost, every app already up to date.
  const baselineRuns = [1, 2, 3].map(() => timedRun(["gen", "sync", "--check"]));
  if (baselineRuns.some((run) => run.code !== 0)) {
    throw new Error(`the clone was not up to date:\n${baselineRuns.at(-1)!.out}`);
  }
  const baseline = median(baselineRuns.map((run) => run.ms));
  const baselineCpu = median(baselineRuns.map((run) => run.cpuMs));
  // What any `pnpm gen` command costs before it reads a file: pnpm, tsx, the modules.
  const startup = timedRun(["gen", "sync", "--help"]);

  // (a) A template change reaching every app.
  edit(TEMPLATE_DEPLOYMENT, OLD_LIVENESS, NEW_LIVENESS);
  const templateSync = timedRun(["gen", "sync"]);
  const templateChanged = changedFiles().filter((name) => name !== TEMPLATE_DEPLOYMENT);
  const templateMarked = withMarkers(templateChanged);
  const uneditedMarked = templateMarked.filter((name) => !EDITED.includes(appOf(name) ?? ""));
  const deployments = sh("git", ["ls-files", "apps/*/kubernetes/deployment.yaml"])
    .split("\n")
    .filter(Boolean);
  const notReached = deployments.filter((name) => !read(name).includes(NEW_LIVENESS));
  const editsLost = EDITED.filter((app) => {
    const text = read(`apps/${app}/kubernetes/deployment.yaml`);
    return (
      !text.includes("replicas: 3") ||
      (WITH_ENV.includes(app) && !text.includes("value: fast-checkout"))
    );
  });
  commit("the liveness probe's period, synced");
  const second = timedRun(["gen", "sync"]);
  const secondChanged = changedFiles();

  // (b) A new domain for every app in one command.
  edit("deploy.config.yaml", "domain: localhost", `domain: ${NEW_DOMAIN}`);
  const domainSync = timedRun(["gen", "sync"]);
  const domainChanged = changedFiles().filter((name) => name !== "deploy.config.yaml");
  const ingresses = sh("git", ["ls-files", "apps/*/kubernetes/ingress.yaml"])
    .split("\n")
    .filter(Boolean);
  const offDomain = ingresses.filter(
    (name) => !read(name).includes(`host: ${appOf(name)}.${NEW_DOMAIN}`),
  );
  const check = timedRun(["check:deploy"]);

  say("");
  say(`${apps} apps: the demo and ${SERVICES} generated services, ${EDITED.length} edited by hand`);
  say("");
  say("| measure | time | × baseline | CPU time | × baseline | files changed | conflicts |");
  say("| --- | --- | --- | --- | --- | --- | --- |");
  say(
    `| \`pnpm gen sync --check\`, all up to date (baseline, median of 3) | ${seconds(baseline)} | | ${seconds(baselineCpu)} | | 0 | |`,
  );
  const row = (what: string, run: Run, files: number | string, conflicts: string) =>
    say(
      `| ${what} | ${seconds(run.ms)} | ${(run.ms / baseline).toFixed(2)}× | ${seconds(run.cpuMs)} | ${(run.cpuMs / baselineCpu).toFixed(2)}× | ${files} | ${conflicts} |`,
    );
  row("`pnpm gen sync --help`: start-up alone", startup, "", "");
  row(
    "(a) template change (liveness `periodSeconds` 10 → 15): `pnpm gen sync`",
    templateSync,
    templateChanged.length,
    `${templateMarked.length} (${uneditedMarked.length} on unedited files)`,
  );
  row("(a) second `pnpm gen sync` right after", second, secondChanged.length, "");
  row(
    `(b) \`domain: ${NEW_DOMAIN}\` in deploy.config.yaml: \`pnpm gen sync\``,
    domainSync,
    domainChanged.length,
    String(withMarkers(domainChanged).length),
  );
  row("(b) then `pnpm check:deploy`", check, "", `exit ${check.code}`);

  const checks: [string, boolean][] = [
    [`template sync in ${seconds(templateSync.ms)} < 10 s`, templateSync.ms < 10_000],
    [
      `template sync exit ${templateSync.code}, 0 conflicts`,
      templateSync.code === 0 && templateMarked.length === 0,
    ],
    [
      `the new probe period in ${deployments.length - notReached.length}/${deployments.length} Deployments`,
      notReached.length === 0,
    ],
    [
      `hand edits kept in ${EDITED.length - editsLost.length}/${EDITED.length} apps`,
      editsLost.length === 0,
    ],
    [
      `second sync exit ${second.code}, ${secondChanged.length} files changed`,
      second.code === 0 && secondChanged.length === 0,
    ],
    [
      `domain sync exit ${domainSync.code}; ${ingresses.length - offDomain.length}/${ingresses.length} Ingresses on ${NEW_DOMAIN}`,
      domainSync.code === 0 && offDomain.length === 0,
    ],
    [`pnpm check:deploy exit ${check.code} after the domain sync`, check.code === 0],
  ];
  say("");
  say(
    `load average at the end: ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`,
  );
  for (const [what, ok] of checks) say(`${ok ? "ok    " : "MISSED"} ${what}`);
  for (const [label, run] of [
    ["template sync", templateSync],
    ["domain sync", domainSync],
    ["check:deploy", check],
  ] as const) {
    if (run.code !== 0) say(`\n${label} printed:\n${run.out}`);
  }
  process.exitCode = checks.every(([, ok]) => ok) ? 0 : 1;
} finally {
  await rm(clone, { recursive: true, force: true });
}
