// A three-way merge of one file's text with `git merge-file`, which needs no repository.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

export interface MergeResult {
  text: string;
  conflicted: boolean;
}

export interface MergeLabels {
  ours: string;
  base: string;
  theirs: string;
}

/** Lines git writes around a conflict; a file holding both is not resolved yet. */
export function hasConflictMarkers(text: string): boolean {
  return /^<{7} /m.test(text) && /^>{7} /m.test(text);
}

/** Ours with theirs' changes since base; conflicting hunks get git's markers. */
export async function mergeThreeWay(
  ours: string,
  base: string,
  theirs: string,
  labels: MergeLabels,
): Promise<MergeResult> {
  if (ours === theirs || base === theirs) return { text: ours, conflicted: false };
  if (ours === base) return { text: theirs, conflicted: false };
  const dir = await mkdtemp(path.join(tmpdir(), "shipyard-merge-"));
  try {
    const files = ["ours", "base", "theirs"].map((name) => path.join(dir, name));
    await Promise.all([ours, base, theirs].map((text, i) => writeFile(files[i]!, text)));
    const args = ["merge-file", "-p", "-L", labels.ours, "-L", labels.base, "-L", labels.theirs];
    return await new Promise<MergeResult>((resolve, reject) => {
      execFile(
        "git",
        [...args, ...files],
        { maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => {
          // The exit code is the number of conflicts (up to 127); a negative one is a failure.
          const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
          if (code >= 0 && code <= 127) resolve({ text: stdout, conflicted: code > 0 });
          else reject(new Error(`git merge-file failed: ${stderr.trim() || error?.message}`));
        },
      );
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
