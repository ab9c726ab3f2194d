// Runs a workflow step's `run:` script as GitHub's ubuntu runners do (bash -eo pipefail), with
// commands it calls replaced by recorders, so a test sees what the step does.
import { execFile } from "node:child_process";
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

export interface StepRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Each call of a recorded command: its name and arguments. */
  calls: string[][];
  /** What the step appended to $GITHUB_OUTPUT and $GITHUB_STEP_SUMMARY. */
  output: string;
  summary: string;
}

export interface StepOptions {
  env?: Record<string, string>;
  /** Commands to record instead of running, with what each prints. */
  commands?: Record<string, string>;
  cwd?: string;
}

export async function runStep(script: string, options: StepOptions = {}): Promise<StepRun> {
  const dir = await mkdtemp(path.join(tmpdir(), "workflow-step-"));
  try {
    const bin = path.join(dir, "bin");
    const calls = path.join(dir, "calls");
    await writeFile(calls, "");
    await mkdir(bin);
    for (const [name, prints] of Object.entries(options.commands ?? {})) {
      const file = path.join(bin, name);
      // One line per call: the command and its arguments, NUL-separated.
      await writeFile(
        file,
        `#!/usr/bin/env bash\nprintf '%s\\0' ${JSON.stringify(name)} "$@" >>${JSON.stringify(calls)}\necho >>${JSON.stringify(calls)}\nprintf '%s' ${shellQuote(prints)}\n`,
      );
      await chmod(file, 0o755);
    }
    const output = path.join(dir, "output");
    const summary = path.join(dir, "summary");
    await writeFile(output, "");
    await writeFile(summary, "");
    const env = {
      PATH: `${bin}:${process.env.PATH ?? ""}`,
      HOME: dir,
      RUNNER_TEMP: dir,
      GITHUB_OUTPUT: output,
      GITHUB_STEP_SUMMARY: summary,
      ...options.env,
    };
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>(
      (resolve) => {
        execFile(
          "bash",
          ["--noprofile", "--norc", "-eo", "pipefail", "-c", script],
          { env, cwd: options.cwd ?? dir, timeout: 60_000 },
          (error, stdout, stderr) => {
            const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
            resolve({ code, stdout, stderr });
          },
        );
      },
    );
    const recorded = (await readFile(calls, "utf8"))
      .split("\n")
      .filter((line) => line)
      .map((line) => line.split("\0").slice(0, -1));
    return {
      ...result,
      calls: recorded,
      output: await readFile(output, "utf8"),
      summary: await readFile(summary, "utf8"),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
