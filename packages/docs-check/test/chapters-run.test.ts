import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readBlockNote } from "../src/block-notes.js";
import { DEFAULT_PORT, type RunState, SERVER, runBlock } from "../src/chapter-run.js";
import { commandLines } from "../src/doc-commands.js";
import { freePort } from "@repo/workspace/free-port";
import { documentedPorts, stopServer } from "../src/local-run.js";
import { readMarkdown } from "../src/markdown.js";
import { repositoryRoot } from "@repo/workspace/repository-root";
import { readRepoFile } from "../src/repository.js";

// The English chapters in the order a reader follows them. The French ones show the same
// commands with the same notes (translations.test.ts), so running one language proves both.
const chapters = readdirSync(join(repositoryRoot, "docs", "en"))
  .filter((file) => file.endsWith(".md"))
  .sort()
  .map((file) => ({
    path: `docs/en/${file}`,
    facts: readMarkdown(readRepoFile(`docs/en/${file}`)),
  }));

const runnable = (path: string) =>
  chapters
    .find((chapter) => chapter.path === path)!
    .facts.fences.filter((fence) => {
      const note = readBlockNote(fence.note);
      return typeof note !== "string" && note.kind === "run";
    });

describe("the chapters, run in order as written", () => {
  const state: RunState = { ports: new Map(), servers: [] };
  let total = 0;

  beforeAll(async () => {
    const ports = new Map<number, number>();
    const bodies = chapters.flatMap((chapter) => chapter.facts.fences.flatMap((f) => f.body));
    for (const port of [DEFAULT_PORT, ...documentedPorts(bodies)]) {
      if (!ports.has(port)) ports.set(port, await freePort());
    }
    state.ports = ports;
  });
  afterAll(async () => {
    for (const server of state.servers) await stopServer(server);
  });

  it("runs chapter 2's answers against a server it starts", () => {
    const fences = runnable("docs/en/02-running-locally.md");
    expect(fences.some((fence) => fence.lang === "console")).toBe(true);
    expect(fences.some((f) => commandLines(f.lang, f.body).some((line) => SERVER.test(line)))).toBe(
      true,
    );
  });

  for (const chapter of chapters) {
    it(`${chapter.path}: every block marked run does what the chapter says`, async () => {
      const failures: string[] = [];
      for (const fence of chapter.facts.fences) {
        const result = await runBlock(fence, state);
        total += result.ran;
        failures.push(...result.failures.map((failure) => `${chapter.path}:${failure}`));
        if (result.failures.length > 0) break; // later blocks build on this one
      }
      expect(failures).toEqual([]);
    }, 600_000);
  }

  it("ran the commands of the path, not a handful", () => {
    expect(total).toBeGreaterThan(15);
  });

  it("stops each server it started cleanly, as Ctrl-C does", async () => {
    expect(state.servers.length).toBeGreaterThan(1);
    for (const server of state.servers) {
      const code = await stopServer(server);
      // node itself exits 0 after draining; pnpm and tsx report the signal their way.
      if (/^(PORT=\S+ )?node /.test(server.command)) expect(code, server.log()).toBe(0);
      expect(server.log()).toContain("shutdown complete");
    }
  }, 60_000);
});
