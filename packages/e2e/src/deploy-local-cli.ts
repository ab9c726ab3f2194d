import { execFile } from "node:child_process";

export interface CommandRun {
  code: number;
  output: string;
}

/** Runs `pnpm deploy:local …` in a repository, as the README tells users to. */
export function pnpmDeployLocal(root: string, args: readonly string[]): Promise<CommandRun> {
  return new Promise((resolve) => {
    execFile(
      "pnpm",
      ["--silent", "deploy:local", ...args],
      { cwd: root, maxBuffer: 64 << 20, env: { ...process.env, FORCE_COLOR: "0" } },
      (error, stdout, stderr) => {
        resolve({
          code: error ? (typeof error.code === "number" ? error.code : 1) : 0,
          output: stdout + stderr,
        });
      },
    );
  });
}
