import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { firstFailure, loadGenerator } from "./load-generator.js";
import { type RepoCopy, copyRepo, snapshot } from "./repo-copy.js";

let repo: RepoCopy;
let scratch: string;
beforeEach(async () => {
  repo = await copyRepo();
  scratch = await mkdtemp(path.join(tmpdir(), "shipyard-gen-bin-"));
});
afterEach(async () => {
  await repo.remove();
  await rm(scratch, { recursive: true, force: true });
});

// What a failing or interrupted pnpm does first: rewrite the lockfile.
const SPOIL_LOCKFILE =
  "require('node:fs').appendFileSync('pnpm-lock.yaml', 'half-written: true\\n');";

describe("a run that fails after writing leaves the repository as it was", () => {
  it("undoes everything when the install fails, lockfile included", async () => {
    const before = snapshot(repo.root);
    const generator = await loadGenerator(repo.root, {
      command: process.execPath,
      args: [
        "-e",
        `${SPOIL_LOCKFILE} console.error('ERR_PNPM_NO_OFFLINE_TARBALL'); process.exit(3);`,
      ],
    });
    const result = await generator.runActions({ name: "orders", port: "8002" });

    const failure = firstFailure(result);
    expect(failure?.type).toBe("install");
    expect(failure?.error).toContain("exited with code 3");
    expect(failure?.error).toContain("ERR_PNPM_NO_OFFLINE_TARBALL");
    expect(snapshot(repo.root)).toEqual(before);
    expect(existsSync(path.join(repo.root, "apps", "orders"))).toBe(false);
  });

  it("undoes everything when the install command cannot start", async () => {
    const before = snapshot(repo.root);
    const generator = await loadGenerator(repo.root, {
      command: path.join(scratch, "no-such-pnpm"),
      args: [],
    });
    const result = await generator.runActions({ name: "orders" });

    expect(firstFailure(result)?.error).toContain("could not start");
    expect(snapshot(repo.root)).toEqual(before);
  });
});

/** Starts `pnpm gen service …` as a process, with a `pnpm` of ours first on PATH. */
async function startCli(args: string[], fakePnpm: string): Promise<ChildProcess> {
  const bin = path.join(scratch, "bin");
  await mkdir(bin, { recursive: true });
  await writeFile(path.join(bin, "pnpm"), `#!/bin/sh\n${fakePnpm}\n`);
  await chmod(path.join(bin, "pnpm"), 0o755);
  return spawn(process.execPath, ["--import", "tsx", "generators/src/cli.ts", "service", ...args], {
    cwd: repo.root,
    env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function finished(
  child: ChildProcess,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

async function waitFor(file: string): Promise<void> {
  for (let i = 0; i < 600 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 50));
  if (!existsSync(file)) throw new Error(`${file} never appeared`);
}

describe("pnpm gen service as a process", () => {
  it("removes what it wrote when Ctrl-C arrives during the install", async () => {
    const before = snapshot(repo.root);
    const started = path.join(scratch, "install-started");
    const child = await startCli(
      ["orders", "--port", "8002"],
      `node -e "${SPOIL_LOCKFILE.replaceAll('"', '\\"')}"\ntouch '${started}'\nexec sleep 60`,
    );
    const done = finished(child);
    await waitFor(started);
    expect(existsSync(path.join(repo.root, "apps", "orders", "package.json"))).toBe(true);
    child.kill("SIGINT");

    const { code, stderr } = await done;
    expect(stderr).toContain("Interrupted: removing the files written so far.");
    expect(code).toBe(130);
    expect(snapshot(repo.root)).toEqual(before);
  });

  it("generates from flags alone and prints the next steps", async () => {
    const { code, stdout, stderr } = await finished(
      await startCli(["orders", "--port", "8002"], "exit 0"),
    );
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain("kubectl apply -f apps/orders/kubernetes");
    expect(stdout).toContain("http://orders.localhost");
    expect(existsSync(path.join(repo.root, ".github", "workflows", "app-orders.yml"))).toBe(true);
  });

  it("without a terminal, names the missing flag instead of asking", async () => {
    const before = snapshot(repo.root);
    const { code, stderr } = await finished(await startCli(["--port", "8002"], "exit 0"));
    expect(code).toBe(1);
    expect(stderr).toContain("Missing: the service name (pnpm gen service <name>)");
    expect(snapshot(repo.root)).toEqual(before);
  });

  it("refuses a bad flag before doing anything", async () => {
    const before = snapshot(repo.root);
    const { code, stderr } = await finished(await startCli(["Orders", "--port", "80"], "exit 0"));
    expect(code).toBe(1);
    expect(stderr).toContain('The name "Orders" is not a DNS-1035 label');
    expect(stderr).toContain("The port 80 is outside 1024–65535");
    expect(snapshot(repo.root)).toEqual(before);
  });
});
