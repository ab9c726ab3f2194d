import { spawnSync } from "node:child_process";
import { mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { batchedDestination } from "../src/log-destination.js";

const cwd = fileURLToPath(new URL("..", import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempFile() {
  const dir = mkdtempSync(join(tmpdir(), "log-destination-"));
  dirs.push(dir);
  const path = join(dir, "out.log");
  return { path, fd: openSync(path, "w") };
}

describe("batchedDestination", () => {
  it("writes every line, byte for byte and in order, once flushed", async () => {
    const { path, fd } = tempFile();
    const destination = batchedDestination(fd);
    // About 60 kB: several batches, later ones handed over while earlier ones are written.
    const lines = Array.from({ length: 2000 }, (_, i) => `{"i":${i},"text":"déjà vu ✓"}\n`);
    for (const line of lines) destination.write(line);
    await new Promise<void>((resolve, reject) =>
      destination.flush((error) => (error ? reject(error) : resolve())),
    );
    expect(readFileSync(path, "utf8")).toBe(lines.join(""));
  });

  it("writes a lone line without being flushed, within the periodic flush", async () => {
    const { path, fd } = tempFile();
    batchedDestination(fd).write('{"msg":"quiet"}\n');
    const deadline = Date.now() + 5000;
    while (readFileSync(path, "utf8") === "" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(readFileSync(path, "utf8")).toBe('{"msg":"quiet"}\n');
  });

  // Fewer lines than a batch: all still waiting in memory when the error strikes. (A batch
  // already handed to the OS asynchronously may be lost in a crash, as pino documents.)
  it("writes the lines still waiting when the process dies of an uncaught error", () => {
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", "test/fixtures/log-then-crash.ts"],
      {
        cwd,
        env: { ...process.env, LINES: "20" },
        encoding: "utf8",
      },
    );
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("crash after logging");
    const lines = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { i: number });
    expect(lines.map((line) => line.i)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});
