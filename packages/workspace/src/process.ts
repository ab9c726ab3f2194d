// Runs the command-line tools the repository's scripts drive (git, kubectl, docker, kind…).
import { execFile, spawn } from "node:child_process";
import { UserError } from "./user-error.js";

/** What to do when a tool is missing, by command name. */
const INSTALL: Record<string, string> = {
  docker: "install Docker (https://docs.docker.com/get-docker/) and start it",
  git: "install git (https://git-scm.com/downloads)",
  kubectl: "install it (https://kubernetes.io/docs/tasks/tools/) and point it at your cluster",
  kind: "install kind (https://kind.sigs.k8s.io/)",
  k3d: "install k3d (https://k3d.io/)",
  minikube: "install minikube (https://minikube.sigs.k8s.io/)",
};

/** A tool that is not on PATH; the message says how to install it. */
export class MissingCommandError extends UserError {
  override name = "MissingCommandError";
  constructor(readonly command: string) {
    super(`${command} is not on PATH: ${INSTALL[command] ?? `install ${command}`}.`);
  }
}

export interface ProcessOptions {
  cwd?: string | undefined;
  env?: NodeJS.ProcessEnv | undefined;
  /** Kills the command after this long (runProcess only): a hung tool must not hang its caller. */
  timeoutMs?: number | undefined;
}

export interface ProcessRun {
  /** The exit code; 1 when a signal ended it. */
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to its end and reports how it ended, its output captured. Only a command that
 * cannot start (a MissingCommandError when it is not installed) is an exception.
 */
export function runProcess(
  command: string,
  args: readonly string[],
  options: ProcessOptions = {},
): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      {
        cwd: options.cwd,
        env: options.env ?? process.env,
        maxBuffer: 64 * 1024 * 1024,
        timeout: options.timeoutMs ?? 0,
        killSignal: "SIGKILL",
      },
      (failure, stdout, stderr) => {
        if (failure?.code === "ENOENT") {
          reject(new MissingCommandError(command));
          return;
        }
        if (failure && typeof failure.code === "string") {
          // It did not run or was cut short (EACCES, a maxBuffer overflow): no exit code to give.
          reject(new Error(failure.message, { cause: failure }));
          return;
        }
        // A signal leaves no exit code: it failed all the same.
        const code = failure ? (typeof failure.code === "number" ? failure.code : 1) : 0;
        const killed =
          failure?.killed && options.timeoutMs ? `\n(killed after ${options.timeoutMs} ms)` : "";
        resolve({ code, stdout, stderr: stderr + killed });
      },
    );
  });
}

export interface VisibleRun {
  code: number;
  /** The last lines it printed, for a failure's message. */
  tail: string;
}

/**
 * Runs a command whose output the user should see as it goes (a build, an image load), on
 * stderr, keeping the last lines for the message if it fails.
 */
export function runVisibly(
  command: string,
  args: readonly string[],
  options: ProcessOptions = {},
): Promise<VisibleRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let tail = "";
    const keep = (chunk: Buffer) => {
      process.stderr.write(chunk);
      tail = (tail + chunk.toString("utf8")).slice(-4000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", (error: NodeJS.ErrnoException) => {
      reject(error.code === "ENOENT" ? new MissingCommandError(command) : error);
    });
    child.on("close", (code) => {
      resolve({ code: code ?? 1, tail: tail.trim().split("\n").slice(-15).join("\n") });
    });
  });
}
