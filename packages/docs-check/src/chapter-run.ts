// Runs the blocks of a chapter marked `run` (see block-notes.ts) in order, on this machine:
// sh blocks line by line (a server in the background), console blocks line by line with their
// output compared with the one shown. Documented ports are replaced with free ones.
import { readBlockNote } from "./block-notes.js";
import { commandLines } from "./doc-commands.js";
import {
  type Server,
  run,
  startServer,
  stopServer,
  waitUntilReady,
  withPorts,
} from "./local-run.js";
import type { Fence } from "./markdown.js";

/** Commands that start a service and keep running until stopped (node may get its options). */
export const SERVER =
  /^(PORT=\S+ )?(node (--[\w-]+ )*apps\/[\w-]+\/dist\/main\.cjs|pnpm (--filter|-F) [\w@/-]+ (dev|start))$/;

export const DEFAULT_PORT = 8000;

export interface RunState {
  /** Documented port → the free port used in its place. */
  ports: ReadonlyMap<number, number>;
  /** Every server started so far, the running one last. */
  servers: Server[];
}

/** What went wrong running one block, or nothing; `ran` counts the commands run. */
export interface BlockResult {
  ran: number;
  failures: string[];
}

export async function runBlock(fence: Fence, state: RunState): Promise<BlockResult> {
  const note = readBlockNote(fence.note);
  if (typeof note === "string" || note.kind !== "run") return { ran: 0, failures: [] };
  return fence.lang === "console"
    ? runConsole(fence, state)
    : runShell(fence, state, note.outputContains);
}

async function runShell(
  fence: Fence,
  state: RunState,
  outputContains: string | undefined,
): Promise<BlockResult> {
  const failures: string[] = [];
  let ran = 0;
  let output = "";
  for (const line of commandLines(fence.lang, fence.body)) {
    const command = withPorts(line, state.ports);
    if (SERVER.test(line)) {
      const previous = state.servers.at(-1);
      if (previous) await stopServer(previous);
      const port = Number(/PORT=(\d+)/.exec(command)?.[1] ?? state.ports.get(DEFAULT_PORT));
      const server = startServer(command, { PORT: String(state.ports.get(DEFAULT_PORT)) });
      state.servers.push(server);
      try {
        await waitUntilReady(server, port);
      } catch (error) {
        failures.push(`${fence.line}: ${(error as Error).message}`);
        return { ran, failures };
      }
    } else {
      const result = await run(command);
      output += `${result.output}\n`;
      if (result.status !== 0) {
        failures.push(`${fence.line}: ${line} exited ${result.status}:\n${result.output}`);
        return { ran, failures };
      }
    }
    ran++;
  }
  if (outputContains !== undefined && !output.includes(outputContains)) {
    failures.push(
      `${fence.line}: the note promises output containing "${outputContains}", the block printed:\n${output}`,
    );
  }
  return { ran, failures };
}

async function runConsole(fence: Fence, state: RunState): Promise<BlockResult> {
  const failures: string[] = [];
  let ran = 0;
  let current: { command: string; expected: string[] } | undefined;
  const check = async () => {
    if (!current) return;
    const { output } = await run(withPorts(current.command, state.ports));
    const expected = current.expected.join("\n").trim();
    if (output !== expected) {
      failures.push(`${fence.line}: $ ${current.command}\nshows:\n${expected}\nprints:\n${output}`);
    }
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
  return { ran, failures };
}
