// `pnpm gen service …` as a user runs it: a process of its own, here with a `pnpm` of the test's
// making first on PATH, so the install step does what the test needs.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach } from "vitest";
import { type RepoCopy, copyRepo } from "./repo-copy.js";

/** A fresh copy of the repository for each test, and a folder for the test's own `pnpm`. */
export function freshRepoEachTest(): { repo: RepoCopy; scratch: string } {
  const sandbox = { repo: undefined as unknown as RepoCopy, scratch: "" };
  beforeEach(async () => {
    sandbox.repo = await copyRepo();
    sandbox.scratch = await mkdtemp(path.join(tmpdir(), "shipyard-gen-bin-"));
  });
  afterEach(async () => {
    await sandbox.repo.remove();
    await rm(sandbox.scratch, { recursive: true, force: true });
  });
  return sandbox;
}

/** Starts the CLI in root; `fakePnpm` is the shell script run as `pnpm`, its bin in scratch. */
export async function startCli(
  root: string,
  scratch: string,
  args: string[],
  fakePnpm: string,
): Promise<ChildProcess> {
  const bin = path.join(scratch, "bin");
  await mkdir(bin, { recursive: true });
  await writeFile(path.join(bin, "pnpm"), `#!/bin/sh\n${fakePnpm}\n`);
  await chmod(path.join(bin, "pnpm"), 0o755);
  return spawn(process.execPath, ["--import", "tsx", "generators/src/cli.ts", "service", ...args], {
    cwd: root,
    env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

export function finished(
  child: ChildProcess,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

export async function waitFor(file: string): Promise<void> {
  for (let i = 0; i < 600 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 50));
  if (!existsSync(file)) throw new Error(`${file} never appeared`);
}
