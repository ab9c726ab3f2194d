// Runs the docker CLI and says plainly when no engine can be reached.
import { spawn } from "node:child_process";

export interface DockerResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface DockerOptions {
  env?: NodeJS.ProcessEnv;
  /** Where relative paths in the arguments (a build's -f and context) are resolved. */
  cwd?: string;
  /** Kills the command after this long; a hung engine must not hang the e2e. */
  timeoutMs?: number;
}

export class DockerCommandError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly result: DockerResult,
  ) {
    const output = `${result.stderr}\n${result.stdout}`.trim().split("\n").slice(-20).join("\n");
    super(`docker ${args.join(" ")} exited with code ${result.code}:\n${output}`);
  }
}

/** Runs `docker …` and resolves with its output whatever its exit code. */
export function dockerRaw(args: readonly string[], options: DockerOptions = {}) {
  return new Promise<DockerResult>((resolve, reject) => {
    // BuildKit is the default builder since Docker 23; older engines need it asked for, and
    // the Dockerfiles use its cache mounts.
    const env = { DOCKER_BUILDKIT: "1", ...(options.env ?? process.env) };
    const child = spawn("docker", args, {
      env,
      cwd: options.cwd,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      stderr += `\n(killed after ${options.timeoutMs} ms)`;
    }, options.timeoutMs ?? 600_000);
    child.on("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        error.code === "ENOENT"
          ? new Error("The docker CLI is not on PATH: install Docker to build and check images.")
          : error,
      );
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code: code ?? 1 });
    });
  });
}

/** Runs `docker …` and resolves with its trimmed stdout, or rejects with its output. */
export async function docker(args: readonly string[], options: DockerOptions = {}) {
  const result = await dockerRaw(args, options);
  if (result.code !== 0) throw new DockerCommandError(args, result);
  return result.stdout.trim();
}

/** Resolves with the engine's version, or rejects with a message that says how to get one. */
export async function assertEngineReachable(env: NodeJS.ProcessEnv = process.env) {
  const result = await dockerRaw(["version", "--format", "{{.Server.Version}}"], {
    env,
    timeoutMs: 30_000,
  });
  if (result.code === 0) return result.stdout.trim();
  const where = env.DOCKER_HOST ? `DOCKER_HOST=${env.DOCKER_HOST}` : "the default socket";
  const reason = result.stderr.trim().split("\n").at(-1) ?? "";
  throw new Error(
    `No Docker engine is reachable at ${where} (${reason}). The image checks need a running ` +
      `engine: start Docker (Docker Desktop, or the docker service on Linux) or point DOCKER_HOST ` +
      `at one.`,
  );
}
