import { execFile } from "node:child_process";

export interface KubectlRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs kubectl and reports how it ended; only a missing kubectl is an exception. */
export function runKubectl(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<KubectlRun> {
  return new Promise((resolve, reject) => {
    execFile("kubectl", args, { env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if ((error as NodeJS.ErrnoException | null)?.code === "ENOENT") {
        reject(
          new Error(
            "kubectl is not on PATH: install it (https://kubernetes.io/docs/tasks/tools/).",
          ),
        );
        return;
      }
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs kubectl and returns its output, or throws with what it printed on failure. */
export async function kubectl(args: readonly string[], env?: NodeJS.ProcessEnv): Promise<string> {
  const run = await runKubectl(args, env);
  if (run.code !== 0) {
    throw new Error(`kubectl ${args.join(" ")} failed (exit ${run.code}):\n${run.stderr.trim()}`);
  }
  return run.stdout;
}
