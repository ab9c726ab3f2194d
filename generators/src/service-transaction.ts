// Writes a new service all or nothing. The files are rendered into a staging folder, then each
// top-level entry is moved into place without overwriting anything; if a later step fails or
// the user presses Ctrl-C, everything placed is removed and pnpm-lock.yaml is restored, so the
// repository is left as it was (`git status` clean).
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
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

export interface Command {
  command: string;
  args: string[];
}

export class StepError extends Error {}

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
  private readonly onSigint = () => void this.interrupt();

  constructor(root: string) {
    this.root = root;
  }

  /** Creates the staging folder, remembers pnpm-lock.yaml and arms Ctrl-C. */
  async begin(): Promise<string> {
    // Staged under node_modules/.cache: ignored by git, and on the repository's own file
    // system so that moving into place is a rename.
    const cacheDir = path.join(this.root, "node_modules", ".cache", "shipyard-gen");
    await mkdir(cacheDir, { recursive: true });
    this.stagingDir = await mkdtemp(path.join(cacheDir, "staging-"));
    const lock = path.join(this.root, "pnpm-lock.yaml");
    this.lockfile = existsSync(lock) ? await readFile(lock, "utf8") : null;
    process.on("SIGINT", this.onSigint);
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

  /** Removes everything placed and restores pnpm-lock.yaml; safe to call more than once. */
  rollback(): Promise<void> {
    this.rollingBack ??= this.undo();
    return this.rollingBack;
  }

  private async undo(): Promise<void> {
    process.off("SIGINT", this.onSigint);
    await this.stopChild();
    for (const target of this.placed.reverse()) await rm(target, { recursive: true, force: true });
    for (const dir of this.createdDirs.reverse()) await rmdir(dir).catch(() => undefined);
    const lock = path.join(this.root, "pnpm-lock.yaml");
    if (typeof this.lockfile === "string") await writeFile(lock, this.lockfile);
    else if (this.lockfile === null) await rm(lock, { force: true });
    await this.removeStaging();
  }

  /** Keeps what was placed: the run succeeded. */
  async commit(): Promise<void> {
    process.off("SIGINT", this.onSigint);
    await this.removeStaging();
  }

  private async removeStaging(): Promise<void> {
    if (this.stagingDir) await rm(this.stagingDir, { recursive: true, force: true });
  }

  private async stopChild(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const closed = new Promise((resolve) => child.once("close", resolve));
    child.kill("SIGTERM");
    await closed;
  }

  private async interrupt(): Promise<void> {
    process.stderr.write("\nInterrupted: removing the files written so far.\n");
    await this.rollback();
    process.exit(130);
  }
}
