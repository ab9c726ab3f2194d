import { execFile } from "node:child_process";

export interface WriteBackRun {
  code: number;
  output: string;
}

/** Runs `pnpm write-back …` from the repository root, as the deliver workflow does. */
export function pnpmWriteBack(
  root: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<WriteBackRun> {
  return new Promise((resolve) => {
    execFile(
      "pnpm",
      ["--silent", "write-back", ...args],
      { cwd: root, env: { ...process.env, ...env, GITHUB_STEP_SUMMARY: "", GITHUB_OUTPUT: "" } },
      (error, stdout, stderr) => {
        resolve({
          code: error ? (typeof error.code === "number" ? error.code : 1) : 0,
          output: stdout + stderr,
        });
      },
    );
  });
}
