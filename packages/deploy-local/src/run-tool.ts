import { spawn } from "node:child_process";
import { DeployLocalError } from "./deploy-local-error.js";

const INSTALL: Record<string, string> = {
  docker: "install Docker (https://docs.docker.com/get-docker/) and start it",
  kind: "install kind (https://kind.sigs.k8s.io/)",
  k3d: "install k3d (https://k3d.io/)",
  minikube: "install minikube (https://minikube.sigs.k8s.io/)",
};

export interface ToolRun {
  code: number;
  /** The last lines it printed, for a failure's message. */
  tail: string;
}

/**
 * Runs a CLI whose output the user should see as it goes (a build, an image load), keeping
 * the last lines for the message if it fails. A missing CLI says what to install.
 */
export function runTool(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let tail = "";
    const keep = (chunk: Buffer, to: NodeJS.WriteStream) => {
      to.write(chunk);
      tail = (tail + chunk.toString("utf8")).slice(-4000);
    };
    child.stdout.on("data", (chunk: Buffer) => keep(chunk, process.stderr));
    child.stderr.on("data", (chunk: Buffer) => keep(chunk, process.stderr));
    child.on("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "ENOENT"
          ? new DeployLocalError(
              `${command} is not on PATH: ${INSTALL[command] ?? `install ${command}`}.`,
            )
          : error,
      );
    });
    child.on("close", (code) => {
      resolve({ code: code ?? 1, tail: tail.trim().split("\n").slice(-15).join("\n") });
    });
  });
}
