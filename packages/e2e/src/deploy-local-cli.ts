import { spawn } from "node:child_process";

export interface DeployLocalRun {
  code: number;
  output: string;
  /** Each line printed, with when (Date.now()) it arrived: what a bench times steps by. */
  lines: { at: number; text: string }[];
}

/** Runs `pnpm deploy:local …` in a repository, as the README tells users to. */
export function pnpmDeployLocal(root: string, args: readonly string[]): Promise<DeployLocalRun> {
  return new Promise((resolve, reject) => {
    const child = spawn("pnpm", ["--silent", "deploy:local", ...args], {
      cwd: root,
      env: { ...process.env, FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const lines: DeployLocalRun["lines"] = [];
    let pending = "";
    const take = (chunk: string) => {
      output += chunk;
      pending += chunk;
      const complete = pending.split("\n");
      pending = complete.pop() ?? "";
      for (const text of complete) lines.push({ at: Date.now(), text });
    };
    child.stdout.setEncoding("utf8").on("data", take);
    child.stderr.setEncoding("utf8").on("data", take);
    child.on("error", reject);
    child.on("close", (code) => {
      if (pending) lines.push({ at: Date.now(), text: pending });
      resolve({ code: code ?? 1, output, lines });
    });
  });
}
