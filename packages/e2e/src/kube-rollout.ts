import { execFile } from "node:child_process";

export interface CommandRun {
  code: number;
  output: string;
}

/** Runs `pnpm rollout …` from the repository root, exactly as the README tells users to. */
export function pnpmRollout(root: string, args: readonly string[]): Promise<CommandRun> {
  return new Promise((resolve) => {
    execFile("pnpm", ["--silent", "rollout", ...args], { cwd: root }, (error, stdout, stderr) => {
      resolve({
        code: error ? (typeof error.code === "number" ? error.code : 1) : 0,
        output: stdout + stderr,
      });
    });
  });
}
