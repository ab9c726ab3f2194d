// Runs a documented command block on this machine: each documented port becomes a free one,
// servers start in their own process group and are stopped with SIGTERM, like Ctrl-C.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repositoryRoot } from "@repo/workspace/repository-root";

/** Replaces every documented port (localhost:N, PORT=N) with its free stand-in. */
export function withPorts(command: string, ports: ReadonlyMap<number, number>): string {
  return command
    .replace(
      /localhost:(\d+)/g,
      (_, port: string) => `localhost:${ports.get(Number(port)) ?? port}`,
    )
    .replace(/\bPORT=(\d+)/g, (_, port: string) => `PORT=${ports.get(Number(port)) ?? port}`);
}

/** Every port a block of commands names. */
export function documentedPorts(lines: readonly string[]): number[] {
  return [...new Set(lines.join("\n").matchAll(/(?:localhost:|\bPORT=)(\d+)/g))].map((m) =>
    Number(m[1]),
  );
}

// In a terminal curl prints no progress meter; through a pipe it would, so tell it what a
// terminal does (silent, errors still shown) with a .curlrc of our own.
const curlHome = mkdtempSync(join(tmpdir(), "docs-check-curl-"));
writeFileSync(join(curlHome, ".curlrc"), "silent\nshow-error\n");

/**
 * Runs a shell command to its end. Asynchronous on purpose: a synchronous spawn would block the
 * test worker, which then misses its runner's calls (and the servers' output) on a slow machine.
 */
export function run(
  command: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("bash", ["-c", command], {
      cwd: repositoryRoot,
      env: { ...process.env, CURL_HOME: curlHome, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 300_000);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, output: `${stdout}${stderr}`.trim() });
    });
  });
}

export interface Server {
  command: string;
  child: ChildProcess;
  exit: Promise<number | null>;
  log: () => string;
}

export function startServer(command: string, env: NodeJS.ProcessEnv): Server {
  const child = spawn("bash", ["-c", command], {
    cwd: repositoryRoot,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { command, child, exit, log: () => log };
}

export async function waitUntilReady(server: Server, port: number, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) break;
    try {
      const response = await fetch(`http://localhost:${port}/readyz`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${server.command} did not become ready on port ${port}:\n${server.log()}`);
}

/** SIGTERM to the server's whole process group; resolves with its exit code. */
export async function stopServer(server: Server, timeoutMs = 20_000): Promise<number | null> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return server.exit;
  process.kill(-server.child.pid!, "SIGTERM");
  const timer = setTimeout(() => {
    try {
      process.kill(-server.child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  }, timeoutMs);
  const code = await server.exit;
  clearTimeout(timer);
  return code;
}
