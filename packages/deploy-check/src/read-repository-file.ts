// The only way the check reads the repository: a file must be a regular file inside the
// repository, of bounded size, in UTF-8, and whatever is wrong with it becomes a problem
// naming it instead of an exception that stops the whole check. A hostile or broken
// repository (a link to /dev/zero, a folder named deployment.yaml, a link loop, a multi-MB
// manifest, Latin-1 bytes) must not hang the check, exhaust its memory or hide other problems.
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readSync,
  realpathSync,
  statSync,
} from "node:fs";
import type { Stats } from "node:fs";
import { isAbsolute, join, relative, sep } from "node:path";
import { isUtf8 } from "node:buffer";
import type { Problem } from "./problem.js";

/**
 * Kubernetes stores no object above 1.5 MiB and a ConfigMap holds at most 1 MiB; Dockerfiles
 * and workflows are a few kB. Above this, a file is a mistake, and parsing it would only cost
 * time and memory.
 */
export const MAX_FILE_BYTES = 1024 * 1024;

export type FileRead =
  /** Nothing at that path (each caller decides whether that is a problem). */
  | { file: string; status: "missing" }
  /** There is something, but not a file the check can read: a problem says why. */
  | { file: string; status: "unreadable" }
  /** Its text; problems already recorded (such as bytes that are not UTF-8) do not stop the rules. */
  | { file: string; status: "read"; text: string };

function describeNonFile(stats: Stats): string {
  if (stats.isDirectory()) return "a folder";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  if (stats.isFIFO()) return "a named pipe";
  if (stats.isSocket()) return "a socket";
  return "not a regular file";
}

function formatSize(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** Where `path` really is, if that is inside the repository; otherwise a reason. */
function resolveInside(root: string, path: string): { real: string } | { reason: string } {
  let real: string;
  try {
    real = realpathSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ELOOP") return { reason: "is a symbolic link loop" };
    if (code === "ENOENT") return { reason: "is a symbolic link to a file that does not exist" };
    return { reason: `cannot be read (${code ?? (error as Error).message})` };
  }
  const fromRoot = relative(realpathSync(root), real);
  if (fromRoot === ".." || fromRoot.startsWith(`..${sep}`) || isAbsolute(fromRoot)) {
    return {
      reason: `is a symbolic link to ${real}, outside the repository (the check reads only the repository's own files)`,
    };
  }
  return { real };
}

/** The 1-based line of the first byte sequence that is not UTF-8 (a newline is never inside one). */
function firstNonUtf8Line(bytes: Buffer): number {
  let line = 1;
  let start = 0;
  for (;;) {
    const end = bytes.indexOf(0x0a, start);
    const slice = bytes.subarray(start, end === -1 ? bytes.length : end);
    if (!isUtf8(slice)) return line;
    if (end === -1) return line;
    line += 1;
    start = end + 1;
  }
}

// Tab, newline and carriage return are text; any other control character is binary content or
// a terminal escape sequence, which no Dockerfile, manifest or workflow needs.
const CONTROL = /(?![\t\n\r])\p{Cc}/u;

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let at = text.indexOf("\n"); at !== -1 && at < index; at = text.indexOf("\n", at + 1)) {
    line += 1;
  }
  return line;
}

/** Whether anything, even a broken link, stands at `file` (a path from the repository root). */
export function existsInRepository(root: string, file: string): boolean {
  try {
    lstatSync(join(root, file));
    return true;
  } catch {
    return false;
  }
}

interface Refusal {
  message: string;
  fix: string;
}

/** The bytes of a regular file of at most `maxBytes`, or why not. */
function readBoundedBytes(real: string, maxBytes: number): Buffer | Refusal {
  const again = { message: "changed while it was read", fix: "run the check again" };
  try {
    // Checked before opening: opening a device or a pipe can block or have side effects.
    const stats = statSync(real);
    if (!stats.isFile()) {
      return {
        message: `is ${describeNonFile(stats)}, where a file is expected`,
        fix: "replace it by a file",
      };
    }
    if (stats.size > maxBytes) {
      return {
        message: `is ${formatSize(stats.size)}, more than the ${formatSize(maxBytes)} this check reads in one file`,
        fix: "split it, or move large data out of the repository",
      };
    }
    const fd = openSync(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    try {
      // The file may have been swapped since the checks above: the open descriptor is what counts.
      const opened = fstatSync(fd);
      if (!opened.isFile() || opened.size > maxBytes) return again;
      // One byte more than its size, to notice a file that grows while it is read.
      const buffer = Buffer.alloc(opened.size + 1);
      let length = 0;
      for (let n = -1; n !== 0 && length < buffer.length; length += n) {
        n = readSync(fd, buffer, length, buffer.length - length, null);
      }
      if (length > opened.size) return again;
      return buffer.subarray(0, length);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    return {
      message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      fix: "make it readable by the user running the check",
    };
  }
}

/**
 * Reads `file` (a path from the repository root, forward slashes), recording any problem in
 * `problems` under `rule: "read"`.
 */
export function readRepositoryFile(
  root: string,
  file: string,
  problems: Problem[],
  maxBytes = MAX_FILE_BYTES,
): FileRead {
  const add = (message: string, fix: string, field?: string) =>
    problems.push({ file, ...(field && { field }), message, fix, rule: "read" });
  if (!existsInRepository(root, file)) return { file, status: "missing" };
  const path = join(root, file);
  const resolved = resolveInside(root, path);
  if ("reason" in resolved) {
    add(resolved.reason, "make it a regular file inside the repository");
    return { file, status: "unreadable" };
  }
  const bytes = readBoundedBytes(resolved.real, maxBytes);
  if (!Buffer.isBuffer(bytes)) {
    add(bytes.message, bytes.fix);
    return { file, status: "unreadable" };
  }

  if (!isUtf8(bytes)) {
    add(
      "is not UTF-8 (Latin-1 or binary bytes)",
      "save the file as UTF-8",
      `line ${firstNonUtf8Line(bytes)}`,
    );
  }
  // Invalid bytes become U+FFFD, so the rules still see the rest of the file.
  const text = new TextDecoder("utf-8").decode(bytes);
  const control = CONTROL.exec(text);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).padStart(4, "0").toUpperCase();
    add(
      `contains the control character U+${code} (binary content or a terminal escape sequence)`,
      "remove it; a text file needs no control character but tab and newline",
      `line ${lineAt(text, control.index)}`,
    );
  }
  return { file, status: "read", text };
}

/**
 * The names in folder `dir` (a path from the repository root), sorted; `undefined` when there
 * is no such folder, and a problem when something else stands there.
 */
export function listRepositoryFolder(
  root: string,
  dir: string,
  problems: Problem[],
): string[] | undefined {
  if (!existsInRepository(root, dir)) return undefined;
  const path = join(root, dir);
  const add = (message: string) =>
    problems.push({
      file: dir,
      message,
      fix: "make it a folder inside the repository",
      rule: "read",
    });
  const resolved = resolveInside(root, path);
  if ("reason" in resolved) {
    add(resolved.reason);
    return undefined;
  }
  try {
    const stats = statSync(resolved.real);
    if (!stats.isDirectory()) {
      add(`is ${stats.isFile() ? "a file" : describeNonFile(stats)}, where a folder is expected`);
      return undefined;
    }
    return readdirSync(resolved.real).sort();
  } catch (error) {
    add(`cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    return undefined;
  }
}
