// `pnpm dev` runs every app at once through turbo, so each must listen on its own port: the one
// its package.json records. Run for real in a copy of the repository with the demo and two
// generated services, then stopped the way Ctrl-C stops it; `pnpm start` uses the same port.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { firstFailure, loadGenerator } from "./load-generator.js";
import { type RepoCopy, copyRepo, linkDemoDependencies } from "./repo-copy.js";

interface PackageJson {
  shipyard: { port: number };
}

const readJson = (file: string) => JSON.parse(readFileSync(file, "utf8")) as PackageJson;

/** Ports free on this machine now: other programs may hold 8000 and up. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, async () => {
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      return server;
    }),
  );
  const ports = servers.map((server) => (server.address() as { port: number }).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** The title of the OpenAPI document served on a port, or undefined while nothing answers. */
async function serviceOn(port: number): Promise<string | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/openapi.json`, {
      signal: AbortSignal.timeout(2_000),
    });
    return ((await res.json()) as { info: { title: string } }).info.title;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let repo: RepoCopy;
let dev: ChildProcess | undefined;
let output = "";
let exited: Promise<unknown>;
const apps: Record<string, number> = {};

beforeAll(async () => {
  repo = await copyRepo();
  const [demoPort, ordersPort, billingPort] = (await freePorts(3)) as [number, number, number];
  // The demo keeps its files; only the port it records moves to one that is free here.
  const demoManifest = path.join(repo.root, "apps/demo/package.json");
  const demo = readJson(demoManifest);
  demo.shipyard.port = demoPort;
  writeFileSync(demoManifest, `${JSON.stringify(demo, null, 2)}\n`);
  apps.demo = demoPort;

  const generator = await loadGenerator(repo.root);
  for (const [name, port] of [
    ["orders", ordersPort],
    ["billing", billingPort],
  ] as const) {
    expect(firstFailure(await generator.runActions({ name, port: String(port) }))).toBeUndefined();
    await linkDemoDependencies(repo.root, name);
    apps[name] = port;
  }

  // Its own process group, as a terminal runs it: Ctrl-C reaches every process in it.
  dev = spawn("pnpm", ["dev"], {
    cwd: repo.root,
    detached: true,
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", FORCE_COLOR: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  dev.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  dev.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  exited = new Promise((resolve) => dev!.once("exit", resolve));
});

afterAll(async () => {
  // Whatever a failed run left in the group.
  try {
    if (dev?.pid) process.kill(-dev.pid, "SIGKILL");
  } catch {
    // ESRCH: every process of the group has exited.
  }
  await repo?.remove();
});

describe("pnpm dev with the demo and two generated services", () => {
  it("serves each app on the port its package.json records", async () => {
    const answering = async () =>
      Object.fromEntries(
        await Promise.all(
          Object.entries(apps).map(async ([name, port]) => [name, await serviceOn(port)]),
        ),
      ) as Record<string, string | undefined>;
    const expected = Object.fromEntries(Object.keys(apps).map((name) => [name, name]));
    let seen = await answering();
    for (let i = 0; i < 180 && JSON.stringify(seen) !== JSON.stringify(expected); i++) {
      if (dev!.exitCode !== null || output.includes("EADDRINUSE")) break;
      await sleep(500);
      seen = await answering();
    }
    expect(seen, output).toEqual(expected);
    expect(output).not.toContain("EADDRINUSE");
  });

  it("stops every app on Ctrl-C, freeing their ports", async () => {
    process.kill(-dev!.pid!, "SIGINT");
    const stopped = await Promise.race([exited.then(() => true), sleep(60_000).then(() => false)]);
    expect(stopped, output).toBe(true);
    const stillAnswering = async () => {
      const titles = await Promise.all(Object.values(apps).map(serviceOn));
      return Object.keys(apps).filter((_, i) => titles[i] !== undefined);
    };
    let left = await stillAnswering();
    for (let i = 0; i < 60 && left.length > 0; i++) {
      await sleep(500);
      left = await stillAnswering();
    }
    expect(left, output).toEqual([]);
  });

  it("serves the built bundle on the same port with pnpm start", async () => {
    const dir = path.join(repo.root, "apps", "orders");
    await promisify(execFile)("pnpm", ["run", "build"], { cwd: dir });
    const start = spawn("pnpm", ["start"], { cwd: dir, detached: true, stdio: "ignore" });
    const stopped = new Promise((resolve) => start.once("exit", resolve));
    try {
      let title = await serviceOn(apps.orders!);
      for (let i = 0; i < 120 && title === undefined && start.exitCode === null; i++) {
        await sleep(500);
        title = await serviceOn(apps.orders!);
      }
      expect(title).toBe("orders");
    } finally {
      process.kill(-start.pid!, "SIGTERM");
      await stopped;
    }
  });
});
