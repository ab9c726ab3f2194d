// Runs the docker CLI and says plainly when no engine can be reached.
import { type ProcessRun, runProcess } from "@repo/workspace/process";

export type DockerResult = ProcessRun;

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
  // BuildKit is the default builder since Docker 23; older engines need it asked for, and
  // the Dockerfiles use its cache mounts.
  const env = { DOCKER_BUILDKIT: "1", ...(options.env ?? process.env) };
  return runProcess("docker", args, {
    env,
    cwd: options.cwd,
    timeoutMs: options.timeoutMs ?? 600_000,
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
