// pnpm bench:cluster — a new service's way into the cluster of kubectl's current context,
// measured in a temporary copy of this repository's working tree, removed afterwards:
//   1. seconds from `pnpm gen service` to the new service answering through its Service;
//   2. seconds from deploy:local's apply to every pod Ready;
//   3. requests sent and failed while a source change rolls out under load, and while the
//      Deployment scales to zero under load (the load stops once the endpoints are empty).
// Targets: gen → answering under 60 s; 0 failed requests. Exits 1 when a target is missed.
import { execFileSync } from "node:child_process";
import { rm } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  appOnCluster,
  clusterIp,
  deleteApp,
  deployLocal,
  rolloutSourceChange,
  scaleToZero,
} from "@repo/e2e/cluster-journey";
import { createNamespace, deleteNamespace, requireReadyNode } from "@repo/e2e/kube-cluster";
import { describeLoad } from "@repo/e2e/load-keep-alive";
import { copyWorkspace } from "@repo/e2e/workspace-copy";

const REPO = path.resolve(import.meta.dirname, "..", "..", "..");
const SERVICE = "benchsvc";
const GEN_TARGET_SECONDS = 60;

const say = (line: string) => process.stdout.write(`${line}\n`);
const since = (start: number) => (Date.now() - start) / 1000;

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(5_000) })).status === 200;
  } catch {
    return false;
  }
}

say(`node ${await requireReadyNode()}`);
say("copying the working tree and installing (offline from the store when it can)…");
const copy = await copyWorkspace(REPO, "shipyard-bench-cluster");
const namespace = await createNamespace("bench-cluster");
let missed = false;
try {
  // 1. gen → answering.
  const start = Date.now();
  execFileSync("pnpm", ["gen", "service", SERVICE], {
    cwd: copy,
    env: { ...process.env, CI: "true", HUSKY: "0" },
    stdio: "ignore",
  });
  const genSeconds = since(start);
  const target = await appOnCluster(copy, SERVICE, namespace);
  const deployed = await deployLocal(target);
  const url = `${await clusterIp(target)}/`;
  while (!(await answers(url))) await sleep(200);
  const toAnswering = since(start);

  // 3. Under load.
  const rollout = await rolloutSourceChange(target, deployed.image);
  const scaleDown = await scaleToZero(target);
  await deleteApp(target);

  const rows: [string, string][] = [
    ["`pnpm gen service` (with its install)", `${genSeconds.toFixed(1)} s`],
    ["`pnpm deploy:local`: build, load, apply, wait", `${deployed.seconds.toFixed(1)} s`],
    [
      `gen → answering on the ClusterIP (target < ${GEN_TARGET_SECONDS} s)`,
      `${toAnswering.toFixed(1)} s`,
    ],
    [`apply → ${target.replicas} pods Ready`, `${deployed.applyToReadySeconds.toFixed(1)} s`],
    [
      "rollout of a source change under load: sent / failed",
      `${rollout.load.sent} / ${rollout.load.failed}`,
    ],
    ["scale to 0 under load: sent / failed", `${scaleDown.sent} / ${scaleDown.failed}`],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  say("");
  say(`| ${"measure".padEnd(width)} | value |`);
  say(`| ${"-".repeat(width)} | ----- |`);
  for (const [name, value] of rows) say(`| ${name.padEnd(width)} | ${value} |`);
  say("");
  say(`rollout: ${describeLoad(rollout.load)}`);
  say(`scale to 0: ${describeLoad(scaleDown)}`);
  if (toAnswering >= GEN_TARGET_SECONDS) {
    say(`missed: gen → answering took ${toAnswering.toFixed(1)} s`);
    missed = true;
  }
  if (rollout.load.failed > 0 || scaleDown.failed > 0) {
    say("missed: requests failed under load");
    missed = true;
  }
} finally {
  await deleteNamespace(namespace);
  await rm(copy, { recursive: true, force: true });
}
process.exitCode = missed ? 1 : 0;
