import { afterAll, describe, expect, it } from "vitest";
import { commandLines } from "../src/doc-commands.js";
import {
  type Server,
  documentedPorts,
  freePort,
  run,
  startServer,
  stopServer,
  waitUntilReady,
  withPorts,
} from "../src/local-run.js";
import { readMarkdown } from "../src/markdown.js";
import { readRepoFile } from "../src/repository.js";

const CHAPTER = "docs/en/02-running-locally.md";
const DEFAULT_PORT = 8000;

// Commands that start a service and keep running until stopped.
const SERVER =
  /^(PORT=\S+ )?(node apps\/[\w-]+\/dist\/main\.cjs|pnpm (--filter|-F) [\w@/-]+ (dev|start))$/;
// Commands this test does not run, and why: it already runs in an installed workspace, inside
// `pnpm test` itself, and `pnpm dev` starts every service on its own default port (turbo passes
// no PORT through), which may be taken on this machine.
const NOT_RUN = new Set(["pnpm install", "pnpm test", "pnpm dev"]);

// The chapter's code blocks, in order: sh blocks are run (servers started in the background),
// console blocks are run line by line and their output compared with the one shown.
describe(`${CHAPTER}, run as written`, () => {
  const fences = readMarkdown(readRepoFile(CHAPTER)).fences.filter(
    (fence) => fence.lang === "sh" || fence.lang === "console",
  );
  const servers: Server[] = [];
  afterAll(async () => {
    for (const server of servers) await stopServer(server);
  });

  it("shows commands with their output, and a server to try them on", () => {
    expect(fences.some((fence) => fence.lang === "console")).toBe(true);
    expect(fences.some((f) => commandLines(f.lang, f.body).some((line) => SERVER.test(line)))).toBe(
      true,
    );
  });

  it("gives the answers it shows", async () => {
    const ports = new Map<number, number>();
    for (const port of documentedPorts(fences.flatMap((fence) => fence.body))) {
      ports.set(port, await freePort());
    }
    if (!ports.has(DEFAULT_PORT)) ports.set(DEFAULT_PORT, await freePort());
    let ran = 0;

    for (const fence of fences) {
      if (fence.lang === "sh") {
        for (const line of commandLines("sh", fence.body)) {
          if (NOT_RUN.has(line)) continue;
          const command = withPorts(line, ports);
          if (SERVER.test(line)) {
            const previous = servers.at(-1);
            if (previous) await stopServer(previous);
            const port = Number(/PORT=(\d+)/.exec(command)?.[1] ?? ports.get(DEFAULT_PORT));
            const server = startServer(command, { PORT: String(ports.get(DEFAULT_PORT)) });
            servers.push(server);
            await waitUntilReady(server, port);
          } else {
            const { status, output } = await run(command);
            expect(status, `${line}:\n${output}`).toBe(0);
          }
          ran++;
        }
        continue;
      }
      // console: `$ command` lines, each followed by the output it prints.
      let current: { command: string; expected: string[] } | undefined;
      const check = async () => {
        if (!current) return;
        const { output } = await run(withPorts(current.command, ports));
        expect(output, current.command).toBe(current.expected.join("\n").trim());
        ran++;
      };
      for (const line of fence.body) {
        if (line.startsWith("$ ")) {
          await check();
          current = { command: line.slice(2), expected: [] };
        } else {
          current?.expected.push(line);
        }
      }
      await check();
    }
    expect(ran).toBeGreaterThan(3);
  }, 600_000);

  it("stops each server it started cleanly, as Ctrl-C does", async () => {
    for (const server of servers) {
      const code = await stopServer(server);
      // node itself exits 0 after draining; pnpm and tsx report the signal their way.
      if (server.command.startsWith("node ") || server.command.includes(" node ")) {
        expect(code, server.log()).toBe(0);
      }
      expect(server.log()).toContain("shutdown complete");
    }
  }, 60_000);
});
