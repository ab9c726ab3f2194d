import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generatorCacheDir } from "../src/generation-lock.js";
import { finished, freshRepoEachTest, startCli as startCliIn, waitFor } from "./cli-process.js";
import { firstFailure, loadGenerator } from "./load-generator.js";
import { snapshot } from "./repo-copy.js";

const sandbox = freshRepoEachTest();

// What a failing or interrupted pnpm does first: rewrite the lockfile.
const SPOIL_LOCKFILE =
  "require('node:fs').appendFileSync('pnpm-lock.yaml', 'half-written: true\\n');";

describe("a run that fails after writing leaves the repository as it was", () => {
  it("undoes everything when the install fails, lockfile included", async () => {
    const before = snapshot(sandbox.repo.root);
    const generator = await loadGenerator(sandbox.repo.root, {
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
    expect(snapshot(sandbox.repo.root)).toEqual(before);
    expect(existsSync(path.join(sandbox.repo.root, "apps", "orders"))).toBe(false);
  });

  it("undoes everything when the install command cannot start", async () => {
    const before = snapshot(sandbox.repo.root);
    const generator = await loadGenerator(sandbox.repo.root, {
      command: path.join(sandbox.scratch, "no-such-pnpm"),
      args: [],
    });
    const result = await generator.runActions({ name: "orders" });

    expect(firstFailure(result)?.error).toContain("could not start");
    expect(snapshot(sandbox.repo.root)).toEqual(before);
  });
});

const startCli = (args: string[], fakePnpm: string) =>
  startCliIn(sandbox.repo.root, sandbox.scratch, args, fakePnpm);

describe("pnpm gen service as a process", () => {
  it.each([
    ["SIGINT", "Ctrl-C", 130],
    ["SIGTERM", "a cancelled CI job", 143],
    ["SIGHUP", "a closed terminal", 129],
  ] as const)(
    "removes what it wrote when %s (%s) arrives during the install, so it can run again",
    async (signal, _cause, exitCode) => {
      const before = snapshot(sandbox.repo.root);
      const started = path.join(sandbox.scratch, "install-started");
      const child = await startCli(
        ["orders", "--port", "8002"],
        `node -e "${SPOIL_LOCKFILE.replaceAll('"', '\\"')}"\ntouch '${started}'\nexec sleep 60`,
      );
      const done = finished(child);
      await waitFor(started);
      expect(existsSync(path.join(sandbox.repo.root, "apps", "orders", "package.json"))).toBe(true);
      child.kill(signal);

      const { code, stderr } = await done;
      expect(stderr).toContain(`Interrupted by ${signal}: removing the files written so far.`);
      expect(code).toBe(exitCode);
      expect(snapshot(sandbox.repo.root)).toEqual(before);
      // No staging folder nor lock is left behind.
      expect(readdirSync(generatorCacheDir(sandbox.repo.root))).toEqual([]);

      const again = await finished(await startCli(["orders", "--port", "8002"], "exit 0"));
      expect(again.stderr).toBe("");
      expect(again.code).toBe(0);
    },
  );

  it("generates from flags alone and prints the next steps", async () => {
    const { code, stdout, stderr } = await finished(
      await startCli(["orders", "--port", "8002"], "exit 0"),
    );
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain("kubectl apply -f apps/orders/kubernetes");
    expect(stdout).toContain("http://orders.localhost");
    expect(existsSync(path.join(sandbox.repo.root, ".github", "workflows", "app-orders.yml"))).toBe(
      true,
    );
  });

  it("without a terminal, names the missing flag instead of asking", async () => {
    const before = snapshot(sandbox.repo.root);
    const { code, stderr } = await finished(await startCli(["--port", "8002"], "exit 0"));
    expect(code).toBe(1);
    expect(stderr).toContain("Missing: the service name (pnpm gen service <name>)");
    expect(snapshot(sandbox.repo.root)).toEqual(before);
  });

  it("refuses a bad flag before doing anything", async () => {
    const before = snapshot(sandbox.repo.root);
    const { code, stderr } = await finished(await startCli(["Orders", "--port", "80"], "exit 0"));
    expect(code).toBe(1);
    expect(stderr).toContain('The name "Orders" is not a DNS-1035 label');
    expect(stderr).toContain("The port 80 is outside 1024–65535");
    expect(snapshot(sandbox.repo.root)).toEqual(before);
  });
});
