// Writes a new service all or nothing, one generation at a time. The files are rendered into a
// staging folder, then each top-level entry is moved into place without overwriting anything;
// if a later step fails or a signal arrives (Ctrl-C, a closed terminal, a cancelled CI job),
// everything placed is removed and pnpm-lock.yaml is restored, so the repository is left as it
// was (`git status` clean) and the same service can be generated again.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { constants } from "node:os";
import {
  link,
  mkdir,
  mkdtemp,
  readFile,
  rename,
  rm,
  rmdir,
  stat,
  unlink,
  writeFile,
} from "node:fs/promises";
import path from "node:path";
import { type Release, acquireGenerationLock, generatorCacheDir } from "./generation-lock.js";

export interface Command {
  command: string;
  args: string[];
}

export class StepError extends Error {}

/** What stops a generation from outside: Ctrl-C, a closed terminal, `kill` or a CI cancel. */
const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
/** How long a command gets to exit after SIGTERM before it is killed. */
const CHILD_STOP_MS = 10_000;

export class ServiceTransaction {
  readonly root: string;
  /** Set by begin(): where the files are rendered before they are moved into place. */
  stagingDir = "";
  /** Absolute paths moved into the repository, newest last. */
  readonly placed: string[] = [];
  private readonly createdDirs: string[] = [];
  private lockfile: string | null | undefined;
  private child: ChildProcess | undefined;
  private rollingBack: Promise<void> | undefined;
  private release: Release | undefined;
  private interrupted = false;
  private readonly onSignal = (signal: NodeJS.Signals) => void this.interrupt(signal);

  constructor(root: string) {
    this.root = root;
  }

  /**
   * Waits for any other generation in the repository to finish, then holds the repository until
   * commit or rollback; from here a stop signal rolls back. Call it before reading what the
   * repository already holds.
   */
  async lock(): Promise<void> {
    for (const signal of STOP_SIGNALS) process.on(signal, this.onSignal);
    this.release = await acquireGenerationLock(this.root, (message) => this.say(message));
  }

  /** Creates the staging folder and remembers pnpm-lock.yaml. */
  async begin(): Promise<string> {
    // Staged in the repository's own file system, so that moving into place is a rename.
    const cacheDir = generatorCacheDir(this.root);
    await mkdir(cacheDir, { recursive: true });
    this.stagingDir = await mkdtemp(path.join(cacheDir, "staging-"));
    const lock = path.join(this.root, "pnpm-lock.yaml");
    this.lockfile = existsSync(lock) ? await readFile(lock, "utf8") : null;
    return this.stagingDir;
  }

  /**
   * Moves staged entries into place (paths relative to the root and the staging folder). An
   * existing target is never replaced: the move stops with a StepError naming it.
   */
  async place(entries: readonly string[]): Promise<void> {
    for (const entry of entries) {
      const from = path.join(this.stagingDir, entry);
      const to = path.join(this.root, entry);
      await this.makeParents(path.dirname(to));
      if (existsSync(to)) {
        throw new StepError(`${entry} already exists; nothing was overwritten.`);
      }
      try {
        // A file is linked then unlinked: link fails if the target appeared meanwhile, where
        // rename would replace it.
        if ((await stat(from)).isFile()) {
          await link(from, to);
          this.placed.push(to);
          await unlink(from);
        } else {
          await rename(from, to);
          this.placed.push(to);
        }
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "EEXIST" || code === "ENOTEMPTY") {
          throw new StepError(`${entry} already exists; nothing was overwritten.`);
        }
        throw error;
      }
    }
  }

  private async makeParents(dir: string): Promise<void> {
    const missing: string[] = [];
    for (let d = dir; !existsSync(d); d = path.dirname(d)) missing.unshift(d);
    for (const d of missing) {
      await mkdir(d);
      this.createdDirs.push(d);
    }
  }

  /** Runs a command in the root; Ctrl-C stops it before the rollback. */
  run({ command, args }: Command): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, { cwd: this.root, stdio: ["ignore", "pipe", "pipe"] });
      this.child = child;
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.on("error", (error) => {
        this.child = undefined;
        reject(new StepError(`\`${command}\` could not start: ${error.message}`));
      });
      child.on("close", (code, signal) => {
        this.child = undefined;
        if (code === 0) resolve(output);
        else {
          const tail = output.trim().split("\n").slice(-20).join("\n");
          const how = signal ? `was stopped by ${signal}` : `exited with code ${code}`;
          reject(new StepError(`\`${[command, ...args].join(" ")}\` ${how}:\n${tail}`));
        }
      });
    });
  }

  /**
   * Removes everything placed, restores pnpm-lock.yaml and lets the next generation run; safe
   * to call more than once.
   */
  rollback(): Promise<void> {
    this.rollingBack ??= this.undo().finally(() => {
      // After a signal the handlers stay: a repeated Ctrl-C must not cut the rollback short.
      if (!this.interrupted) this.disarm();
    });
    return this.rollingBack;
  }

  private async undo(): Promise<void> {
    await this.stopChild();
    for (const target of this.placed.reverse()) await rm(target, { recursive: true, force: true });
    for (const dir of this.createdDirs.reverse()) await rmdir(dir).catch(() => undefined);
    const lock = path.join(this.root, "pnpm-lock.yaml");
    if (typeof this.lockfile === "string") await writeFile(lock, this.lockfile);
    else if (this.lockfile === null) await rm(lock, { force: true });
    await this.removeStaging();
    await this.unlock();
  }

  /** Keeps what was placed: the run succeeded. */
  async commit(): Promise<void> {
    await this.removeStaging();
    await this.unlock();
    this.disarm();
  }

  private disarm(): void {
    for (const signal of STOP_SIGNALS) process.off(signal, this.onSignal);
  }

  private async unlock(): Promise<void> {
    const release = this.release;
    this.release = undefined;
    await release?.();
  }

  private async removeStaging(): Promise<void> {
    if (this.stagingDir) await rm(this.stagingDir, { recursive: true, force: true });
  }

  private async stopChild(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const closed = new Promise((resolve) => child.once("close", resolve));
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), CHILD_STOP_MS);
    await closed;
    clearTimeout(killer);
  }

  private async interrupt(signal: NodeJS.Signals): Promise<void> {
    // The same stop may arrive twice (the terminal's process group and a runner forwarding it).
    if (this.interrupted) return;
    this.interrupted = true;
    this.say(`\nInterrupted by ${signal}: removing the files written so far.`);
    await this.rollback();
    process.exit(128 + constants.signals[signal]);
  }

  /** A line on stderr; with the terminal gone (SIGHUP) there is no one to tell, and that is fine. */
  private say(message: string): void {
    if (process.stderr.listenerCount("error") === 0) process.stderr.on("error", () => undefined);
    try {
      process.stderr.write(`${message}\n`);
    } catch {
      // EIO or EPIPE: the rollback matters, the message does not.
    }
  }
}
