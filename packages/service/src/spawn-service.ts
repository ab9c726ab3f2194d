// Runs a service's entry point as a real process for tests that need one: start-up
// configuration, signals, shutdown under load. Reads its JSON log lines from stdout.
import { type ChildProcess, spawn } from "node:child_process";

export type LogLine = Record<string, unknown> & { msg?: string };

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnedService {
  child: ChildProcess;
  /** Every JSON line written to stdout so far. */
  lines: LogLine[];
  stderr: () => string;
  exited: Promise<Exit>;
  waitForLine(matches: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
}

export interface SpawnOptions {
  /** The directory whose node_modules provides tsx (the service's workspace). */
  cwd: string;
  env?: Record<string, string>;
}

/** Starts `entry` (TypeScript, through tsx) without waiting for it to listen. */
export function spawnService(entry: string, { cwd, env = {} }: SpawnOptions): SpawnedService {
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    cwd,
    env: { ...process.env, PORT: "0", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: LogLine[] = [];
  const waiters = new Set<() => void>();
  let pending = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    pending += chunk;
    const complete = pending.split("\n");
    pending = complete.pop()!;
    for (const text of complete) {
      if (text.trim() === "") continue;
      try {
        lines.push(JSON.parse(text) as LogLine);
      } catch {
        lines.push({ msg: text, notJson: true });
      }
    }
    for (const wake of waiters) wake();
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<Exit>((resolve) => {
    child.on("exit", (code, signal) => {
      for (const wake of waiters) wake();
      resolve({ code, signal });
    });
  });

  // Generous: a loaded CI machine can take many seconds to start Node and load the code.
  const waitForLine = (matches: (line: LogLine) => boolean, timeoutMs = 60_000) =>
    new Promise<LogLine>((resolve, reject) => {
      const check = () => {
        const found = lines.find(matches);
        if (found) {
          finish();
          resolve(found);
        } else if (child.exitCode !== null || child.signalCode !== null) {
          finish();
          reject(new Error(`the process exited first; stderr: ${stderr}`));
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`no such log line within ${timeoutMs} ms; stderr: ${stderr}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });

  return { child, lines, stderr: () => stderr, exited, waitForLine };
}

/** Starts `entry` and resolves once it listens, with the port it chose. */
export async function startService(
  entry: string,
  options: SpawnOptions,
): Promise<SpawnedService & { port: number }> {
  const spawned = spawnService(entry, options);
  const listening = await spawned.waitForLine((line) => typeof line.port === "number");
  return { ...spawned, port: listening.port as number };
}
