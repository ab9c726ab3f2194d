// Two `pnpm gen service` started at once in one repository: each must get its own port, and
// the lockfile must end with both services' entries.
import { readFileSync, readdirSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generatorCacheDir } from "../src/generation-lock.js";
import { finished, freshRepoEachTest, startCli } from "./cli-process.js";

const sandbox = freshRepoEachTest();

// An install as pnpm does one: read the lockfile and the workspace, take a while, then write
// the lockfile with an entry for every app it saw.
const FAKE_INSTALL = `
const fs = require("node:fs");
const lock = fs.readFileSync("pnpm-lock.yaml", "utf8");
const apps = fs.readdirSync("apps");
setTimeout(() => {
  const entries = apps.filter((app) => !lock.includes("# installed apps/" + app + "\\n"));
  fs.writeFileSync("pnpm-lock.yaml", lock + entries.map((app) => "# installed apps/" + app + "\\n").join(""));
}, 1500);
`;

const recordedPort = (app: string) =>
  (
    JSON.parse(readFileSync(path.join(sandbox.repo.root, "apps", app, "package.json"), "utf8")) as {
      shipyard: { port: number };
    }
  ).shipyard.port;

describe("two generations at once", () => {
  it("run one after the other: two ports, both lockfile entries", async () => {
    const script = path.join(sandbox.scratch, "install.cjs");
    await writeFile(script, FAKE_INSTALL);
    const fakePnpm = `exec "${process.execPath}" "${script}"`;
    const [orders, billing] = await Promise.all(
      ["orders", "billing"].map(async (name) =>
        finished(await startCli(sandbox.repo.root, sandbox.scratch, [name], fakePnpm)),
      ),
    );
    expect(orders!.code, orders!.stderr).toBe(0);
    expect(billing!.code, billing!.stderr).toBe(0);

    expect([recordedPort("orders"), recordedPort("billing")].sort()).toEqual([8001, 8002]);
    const lock = readFileSync(path.join(sandbox.repo.root, "pnpm-lock.yaml"), "utf8");
    expect(lock).toContain("# installed apps/orders\n");
    expect(lock).toContain("# installed apps/billing\n");
    expect(`${orders!.stderr}${billing!.stderr}`).toContain(
      "Another `pnpm gen service` is running in this repository: waiting for it to finish.",
    );
    expect(readdirSync(generatorCacheDir(sandbox.repo.root))).toEqual([]);
  });
});
