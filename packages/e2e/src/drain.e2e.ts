// Every app, run as a process with exactly the environment its Deployment gives it, under the
// load Kubernetes puts on a pod being replaced: an ingress's pool of 64 keep-alive connections,
// SIGTERM, and the pod's endpoint removed from the pool 1 s later (the two happen concurrently
// in Kubernetes, and the removal reaches proxies a moment after). Nothing may be lost. Needs
// neither Docker nor a cluster.
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startService, type SpawnedService } from "@repo/service/testing";
import { appFiles, deployableApps } from "@repo/workspace/apps";
import { isDeployment, readManifests } from "@repo/workspace/manifests";
import { repositoryRoot as repoRoot } from "@repo/workspace/repository-root";
import { afterEach, describe, expect, it } from "vitest";
import { describeLoad, runLoad } from "./load-keep-alive.js";

const apps = deployableApps(repoRoot);
const say = (line: string) => process.stdout.write(`${line}\n`);

/** The literal env of the app's container, as its Deployment sets it. */
async function deploymentEnv(app: string): Promise<Record<string, string>> {
  const objects = await readManifests(path.join(repoRoot, appFiles(app).kubernetes));
  const containers = objects.find(isDeployment)?.spec?.template.spec?.containers ?? [];
  const container = containers.find((candidate) => candidate.name === app) ?? containers[0];
  return Object.fromEntries(
    (container?.env ?? [])
      .filter((variable) => variable.value !== undefined)
      .map((variable) => [variable.name, variable.value as string]),
  );
}

const running: SpawnedService[] = [];
afterEach(() => {
  for (const service of running.splice(0)) service.child.kill("SIGKILL");
});

/** Two pods of the app: the one being replaced and the one traffic moves to. */
async function replaceUnderLoad(app: string, env: Record<string, string>) {
  const cwd = path.join(repoRoot, "apps", app);
  // Each process picks free ports: the manifest's ports are the container's, not the host's,
  // and two processes run side by side here.
  const ports = { PORT: "0", ...(env.METRICS_PORT !== undefined && { METRICS_PORT: "0" }) };
  const start = () => startService("src/main.ts", { cwd, env: { ...env, ...ports } });
  const [old, next] = await Promise.all([start(), start()]);
  running.push(old, next);
  let endpoint = `http://127.0.0.1:${old.port}`;
  let stop: () => void = () => undefined;
  const until = new Promise<void>((resolve) => (stop = resolve));
  const load = runLoad({
    target: () => endpoint,
    path: "/",
    connections: 64,
    pauseMs: 10,
    until,
    maxDurationMs: 60_000,
  });

  await sleep(1_000);
  old.child.kill("SIGTERM");
  await sleep(1_000);
  endpoint = `http://127.0.0.1:${next.port}`;
  await sleep(1_000);
  stop();
  const report = await load;
  const exit = await old.exited;
  return { report, exit, oldPort: old.port };
}

describe.each(apps)("apps/%s replaced under a keep-alive pool's load", (app) => {
  it("with its Deployment's env: loses nothing, and the old process drains and exits 0", async () => {
    const env = await deploymentEnv(app);
    expect(Number(env.SHUTDOWN_DELAY_MS), "the Deployment sets SHUTDOWN_DELAY_MS").toBeGreaterThan(
      1_000,
    );
    const { report, exit, oldPort } = await replaceUnderLoad(app, env);
    say(`${app}, Deployment's env: ${describeLoad(report)}`);
    expect(report.perTarget.get(`http://127.0.0.1:${oldPort}`)).toBeGreaterThan(0);
    expect(report.failures).toEqual({});
    expect(report.ok).toBe(report.sent);
    expect(exit).toEqual({ code: 0, signal: null });
  });

  it("without a shutdown delay, the same load loses requests: the check can fail", async () => {
    const env = { ...(await deploymentEnv(app)), SHUTDOWN_DELAY_MS: "0" };
    const { report } = await replaceUnderLoad(app, env);
    say(`${app}, SHUTDOWN_DELAY_MS=0: ${describeLoad(report)}`);
    expect(report.failed).toBeGreaterThan(0);
    expect(Object.keys(report.failures).every((cause) => /^E[A-Z]+$/.test(cause))).toBe(true);
  });
});
