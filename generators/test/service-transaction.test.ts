import { existsSync, readFileSync, readdirSync } from "node:fs";
import { mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generatorCacheDir, lockPath } from "../src/generation-lock.js";
import { ServiceTransaction, StepError } from "../src/service-transaction.js";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "shipyard-tx-"));
  await writeFile(path.join(root, "pnpm-lock.yaml"), "lockfileVersion: '9.0'\n");
});
afterEach(() => rm(root, { recursive: true, force: true }));

async function stage(tx: ServiceTransaction): Promise<void> {
  await tx.begin();
  await mkdir(path.join(tx.stagingDir, "apps", "orders"), { recursive: true });
  await writeFile(path.join(tx.stagingDir, "apps", "orders", "package.json"), "{}\n");
  await mkdir(path.join(tx.stagingDir, ".github", "workflows"), { recursive: true });
  await writeFile(
    path.join(tx.stagingDir, ".github", "workflows", "app-orders.yml"),
    "name: new\n",
  );
}

const entries = ["apps/orders", ".github/workflows/app-orders.yml"];
const staging = () => readdirSync(generatorCacheDir(root));

describe("ServiceTransaction", () => {
  it("moves the staged entries into place and removes the staging folder", async () => {
    const tx = new ServiceTransaction(root);
    await stage(tx);
    await tx.place(entries);
    await tx.commit();
    expect(readFileSync(path.join(root, "apps/orders/package.json"), "utf8")).toBe("{}\n");
    expect(readFileSync(path.join(root, ".github/workflows/app-orders.yml"), "utf8")).toBe(
      "name: new\n",
    );
    expect(staging()).toEqual([]);
  });

  it("never replaces a file that appeared after the checks", async () => {
    const tx = new ServiceTransaction(root);
    await stage(tx);
    await mkdir(path.join(root, ".github", "workflows"), { recursive: true });
    await writeFile(path.join(root, ".github/workflows/app-orders.yml"), "name: theirs\n");

    await expect(tx.place(entries)).rejects.toThrow(
      new StepError(".github/workflows/app-orders.yml already exists; nothing was overwritten."),
    );
    expect(readFileSync(path.join(root, ".github/workflows/app-orders.yml"), "utf8")).toBe(
      "name: theirs\n",
    );
    await tx.rollback();
    expect(existsSync(path.join(root, "apps", "orders"))).toBe(false);
    expect(readFileSync(path.join(root, ".github/workflows/app-orders.yml"), "utf8")).toBe(
      "name: theirs\n",
    );
  });

  it("never replaces a folder that appeared after the checks", async () => {
    const tx = new ServiceTransaction(root);
    await stage(tx);
    await mkdir(path.join(root, "apps", "orders"), { recursive: true });
    await writeFile(path.join(root, "apps/orders/mine.txt"), "mine\n");

    await expect(tx.place(entries)).rejects.toThrow(
      "apps/orders already exists; nothing was overwritten.",
    );
    await tx.rollback();
    expect(readdirSync(path.join(root, "apps", "orders"))).toEqual(["mine.txt"]);
  });

  it("rolls back what it placed, the folders it created and the lockfile", async () => {
    const tx = new ServiceTransaction(root);
    await stage(tx);
    await tx.place(entries);
    await writeFile(path.join(root, "pnpm-lock.yaml"), "changed by an install\n");
    await tx.rollback();
    await tx.rollback();
    expect(readdirSync(root).sort()).toEqual(["node_modules", "pnpm-lock.yaml"]);
    expect(readFileSync(path.join(root, "pnpm-lock.yaml"), "utf8")).toBe(
      "lockfileVersion: '9.0'\n",
    );
    expect(staging()).toEqual([]);
  });

  it("stops a running command before rolling back", async () => {
    const tx = new ServiceTransaction(root);
    await stage(tx);
    const running = tx.run({
      command: process.execPath,
      args: ["-e", "setTimeout(() => {}, 60_000)"],
    });
    const outcome = running.then(
      () => "finished",
      (error: Error) => error.message,
    );
    await new Promise((r) => setTimeout(r, 200));
    await tx.rollback();
    expect(await outcome).toContain("was stopped by SIGTERM");
  });

  it("holds the repository from lock() until commit or rollback", async () => {
    const first = new ServiceTransaction(root);
    await first.lock();
    const second = new ServiceTransaction(root);
    let secondLocked = false;
    const waiting = second.lock().then(() => (secondLocked = true));
    await new Promise((r) => setTimeout(r, 1_000));
    expect(secondLocked).toBe(false);
    await stage(first);
    await first.commit();
    await waiting;

    const third = new ServiceTransaction(root);
    const thirdWaiting = third.lock();
    await second.rollback();
    await thirdWaiting;
    await third.rollback();
    expect(staging()).toEqual([]);
  });

  it("takes over the lock of a generation that was killed without cleaning up", async () => {
    // What a SIGKILLed generation leaves: a lock nobody refreshes any more.
    await mkdir(lockPath(root), { recursive: true });
    const minutesAgo = new Date(Date.now() - 5 * 60_000);
    await utimes(lockPath(root), minutesAgo, minutesAgo);
    const tx = new ServiceTransaction(root);
    await tx.lock();
    await tx.rollback();
    expect(staging()).toEqual([]);
  });
});
