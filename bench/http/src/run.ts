// Runs the same HTTP load on loopback, one server at a time in turns, against the demo with its
// full runtime, a bare Express 5 app with the same two routes, and the tutorial's FastAPI app
// under uvicorn; prints throughput, latency and memory, and the ratios against the targets.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { freePort } from "@repo/workspace/free-port";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "../../..");
const DEMO_BUNDLE = join(ROOT, "apps/demo/dist/main.cjs");
const FASTAPI_DIR = resolve(HERE, "../fastapi");
const WRK_SCRIPT = resolve(HERE, "../load.lua");
// Debian's interpreter, where apt installs python3-fastapi; not a pyenv or venv python.
const SYSTEM_PYTHON = "/usr/bin/python3";

const CONNECTIONS = 50;
const WARMUP_S = 3;
const DURATION_S = positiveInteger("BENCH_DURATION_S", 5);
const SLICE_S = 1;
// A Node process's speed varies from one start to the next (its JIT's choices, the machine's
// other work), so every server is started afresh in each round and the medians are reported.
const ROUNDS = positiveInteger("BENCH_ROUNDS", 3);
// wrk: a C load generator light enough not to be the bottleneck on a small machine.
const WRK_THREADS = 2;
const EXPECTED = new Map([
  ["/items/5?q=somequery", { item_id: 5, q: "somequery" }],
  ["/", { Hello: "World" }],
]);
const TARGETS = { bareExpress: 0.9, fastapi: 2 };

interface Target {
  name: string;
  command: string;
  args: (port: number) => string[];
  env?: Record<string, string>;
}

interface Measure {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  rssMb: number;
  failures: number;
  logLines: number;
}

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(1);
}

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    fail(`${name}=${raw} is not a whole number of at least 1; leave it unset for ${fallback}.`);
  }
  return value;
}

// Servers still running when the script stops, on a failure included, are stopped with it.
const children = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});

const hasWrk = () => spawnSync("wrk", ["--version"], { stdio: "ignore" }).error === undefined;
const hasFastApi = () =>
  existsSync(SYSTEM_PYTHON) &&
  spawnSync(SYSTEM_PYTHON, ["-c", "import fastapi, uvicorn"], { stdio: "ignore" }).status === 0;

/** Installs wrk and the FastAPI baseline from Debian's packages when they are missing. */
function ensureDebianPackages(): void {
  const missing = [
    ...(hasWrk() ? [] : ["wrk"]),
    ...(hasFastApi() ? [] : ["python3-fastapi", "uvicorn"]),
  ];
  if (missing.length === 0) return;
  if (spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status !== 0) {
    fail(
      `the benchmark needs ${missing.join(", ")} and apt-get is not available here; ` +
        "install them with your system's package manager (python3 at /usr/bin/python3).",
    );
  }
  const sudo = process.getuid?.() === 0 ? [] : ["sudo"];
  const apt = (...args: string[]) => {
    const [command, ...rest] = [...sudo, "apt-get", ...args];
    return spawnSync(command!, rest, {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    }).status;
  };
  process.stdout.write(`Installing ${missing.join(", ")} with apt-get…\n`);
  if (apt("install", "-y", ...missing) !== 0) {
    apt("update");
    apt("install", "-y", ...missing);
  }
  if (!hasWrk() || !hasFastApi()) {
    fail(`could not install ${missing.join(", ")} with apt-get (see above).`);
  }
}

async function waitUntilServing(
  port: number,
  child: ChildProcess,
  name: string,
  logFile: string,
): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      const tail = readFileSync(logFile, "utf8").trim().split("\n").slice(-5).join("\n");
      fail(`${name} exited with code ${child.exitCode} at start; its last lines:\n${tail}`);
    }
    try {
      for (const [path, body] of EXPECTED) {
        const res = await fetch(`http://127.0.0.1:${port}${path}`);
        const actual: unknown = await res.json();
        if (JSON.stringify(actual) !== JSON.stringify(body)) {
          fail(
            `${name} answered ${path} with ${JSON.stringify(actual)}, not ${JSON.stringify(body)}.`,
          );
        }
      }
      return;
    } catch {
      await sleep(200);
    }
  }
  fail(`${name} did not answer on port ${port} within 60 s.`);
}

interface WrkSummary {
  requests: number;
  durationUs: number;
  p50Us: number;
  p99Us: number;
  errors: number;
  non2xx: number;
}

function load(port: number, seconds: number): WrkSummary {
  const args = [`-t${WRK_THREADS}`, `-c${CONNECTIONS}`, `-d${seconds}s`, "-s", WRK_SCRIPT];
  const run = spawnSync("wrk", [...args, `http://127.0.0.1:${port}`], {
    encoding: "utf8",
    timeout: (seconds + 30) * 1000,
  });
  const line = run.stdout?.split("\n").find((text) => text.startsWith("{"));
  if (run.status !== 0 || !line) fail(`wrk failed: ${run.stderr || run.error?.message}`);
  return JSON.parse(line) as WrkSummary;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]);
  return kb / 1024;
}

interface Running {
  target: Target;
  child: ChildProcess;
  port: number;
  logFile: string;
}

async function start(target: Target, workdir: string, round: number): Promise<Running> {
  const port = await freePort();
  const logFile = join(workdir, `${target.name.replace(/\W+/g, "-")}-${round}.log`);
  const log = openSync(logFile, "w");
  const child = spawn(target.command, target.args(port), {
    env: { ...process.env, ...target.env, PORT: String(port) },
    stdio: ["ignore", log, log],
  });
  children.add(child);
  await waitUntilServing(port, child, target.name, logFile);
  return { target, child, port, logFile };
}

/** SIGTERM, as Kubernetes stops a pod: the demo drains and flushes its log lines. */
async function stop({ child }: Running): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((done) => child.once("exit", done));
    child.kill("SIGTERM");
    await Promise.race([exited, sleep(15_000)]);
    child.kill("SIGKILL");
  }
  children.delete(child);
}

/** One round: every server started afresh and warmed up, then measured in one-second slices
 * taking turns, so a busy moment of the machine falls on all of them alike rather than on
 * whichever ran then. */
async function measureRound(targets: Target[], workdir: string, round: number) {
  // A failure exits the script, and its exit handler stops the servers already started.
  const running: Running[] = [];
  for (const target of targets) running.push(await start(target, workdir, round));
  for (const { target, port } of running) {
    process.stdout.write(`${target.name}: warming up ${WARMUP_S} s\n`);
    load(port, WARMUP_S);
  }
  process.stdout.write(`measuring ${DURATION_S} slices of ${SLICE_S} s each, in turns\n`);
  const slices = running.map((): WrkSummary[] => []);
  for (let slice = 0; slice < DURATION_S / SLICE_S; slice++) {
    for (let turn = 0; turn < running.length; turn++) {
      const i = (turn + slice) % running.length;
      slices[i]!.push(load(running[i]!.port, SLICE_S));
    }
  }
  const measured = running.map(({ target, child }, i) => {
    const own = slices[i]!;
    const sum = (pick: (s: WrkSummary) => number) => own.reduce((t, s) => t + pick(s), 0);
    return {
      name: target.name,
      requestsPerSecond: sum((s) => s.requests) / (sum((s) => s.durationUs) / 1e6),
      p50: median(own.map((s) => s.p50Us)) / 1000,
      p99: median(own.map((s) => s.p99Us)) / 1000,
      rssMb: rssMb(child.pid!),
      failures: sum((s) => s.errors + s.non2xx),
    };
  });
  await Promise.all(running.map(stop));
  return measured.map((m, i): Measure => ({ ...m, logLines: countLines(running[i]!.logFile) }));
}

function countLines(file: string): number {
  return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean).length : 0;
}

async function main(): Promise<void> {
  if (!existsSync(DEMO_BUNDLE)) {
    fail(
      `${DEMO_BUNDLE} is missing: run \`pnpm bench:http\` from the repository root, which builds it first.`,
    );
  }
  ensureDebianPackages();
  const workdir = mkdtempSync(join(tmpdir(), "bench-http-"));
  try {
    const bareBundle = join(workdir, "bare-express.cjs");
    await build({
      entryPoints: [join(HERE, "bare-express.ts")],
      bundle: true,
      platform: "node",
      target: "node20",
      format: "cjs",
      outfile: bareBundle,
      logLevel: "warning",
    });

    const targets: Target[] = [
      { name: "bare Express 5", command: process.execPath, args: () => [bareBundle] },
      {
        name: "demo (full runtime)",
        command: process.execPath,
        args: () => [DEMO_BUNDLE],
        env: { LOG_LEVEL: "info" },
      },
      {
        name: "FastAPI + uvicorn",
        command: SYSTEM_PYTHON,
        // As the tutorial runs it (one worker, access log on), on the chosen port.
        args: (port) => [
          "-m",
          "uvicorn",
          "main:app",
          "--app-dir",
          FASTAPI_DIR,
          "--host",
          "127.0.0.1",
          "--port",
          String(port),
        ],
      },
    ];
    const rounds: Measure[][] = [];
    for (let round = 0; round < ROUNDS; round++) {
      process.stdout.write(`round ${round + 1} of ${ROUNDS}\n`);
      rounds.push(await measureRound(targets, workdir, round));
    }
    report(rounds);
  } finally {
    rmSync(workdir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** One server's rounds as one row: medians, and the totals of lines and failures. */
function summarise(measures: Measure[]): Measure {
  return {
    name: measures[0]!.name,
    requestsPerSecond: median(measures.map((m) => m.requestsPerSecond)),
    p50: median(measures.map((m) => m.p50)),
    p99: median(measures.map((m) => m.p99)),
    rssMb: median(measures.map((m) => m.rssMb)),
    failures: measures.reduce((sum, m) => sum + m.failures, 0),
    logLines: measures.reduce((sum, m) => sum + m.logLines, 0),
  };
}

function report(rounds: Measure[][]): void {
  const results = rounds[0]!.map((_, i) => summarise(rounds.map((round) => round[i]!)));
  const rows = results.map((r) =>
    [
      r.name,
      Math.round(r.requestsPerSecond).toString(),
      r.p50.toFixed(1),
      r.p99.toFixed(1),
      r.rssMb.toFixed(0),
      r.logLines.toString(),
      r.failures.toString(),
    ].join(" | "),
  );
  const out = [
    "",
    `wrk, ${CONNECTIONS} connections, alternating GET /items/5?q=somequery and GET /; ` +
      `${ROUNDS} rounds, each starting every server afresh: ${WARMUP_S} s of warm-up each, ` +
      `then ${DURATION_S} slices of ${SLICE_S} s per server, taking turns; medians of the ` +
      `rounds (p50 and p99: of the slices; log lines and failures: totals); ` +
      `node ${process.version}`,
    "",
    "| server | requests/s | p50 ms | p99 ms | RSS MB | log lines | failed |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map((row) => `| ${row} |`),
    "",
  ];
  // Each round's ratio compares servers measured in alternating seconds, under the same load
  // from the rest of the machine; their median is the figure held to the target.
  const rps = (i: number) => rounds.map((round) => round[i]!.requestsPerSecond);
  const [bare, demo, fastapi] = [rps(0), rps(1), rps(2)];
  const ratios = [
    ["demo / bare Express", demo.map((d, r) => d / bare[r]!), TARGETS.bareExpress],
    ["demo / FastAPI", demo.map((d, r) => d / fastapi[r]!), TARGETS.fastapi],
  ] as const;
  let missed = results.some((r) => r.failures > 0);
  for (const [label, perRound, target] of ratios) {
    const ratio = median(perRound);
    const ok = ratio >= target;
    missed ||= !ok;
    const each = perRound.map((value) => value.toFixed(2)).join(", ");
    out.push(
      `${label}: ${ratio.toFixed(2)}× (median of ${each}; target ≥ ${target}×) ` +
        (ok ? "met" : "MISSED"),
    );
  }
  process.stdout.write(`${out.join("\n")}\n`);
  if (missed) process.exitCode = 1;
}

await main();
