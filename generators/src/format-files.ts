// Formats written files with the repository's Prettier configuration, as `pnpm format` would.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import * as prettier from "prettier";

// A sync renders each app twice (the recorded version and today's) and most files come out the
// same in both: Prettier, the bulk of a sync's time, formats each distinct text once per path.
const formatted = new Map<string, Promise<string>>();

/**
 * The text formatted as Prettier formats the file `file` (relative to root) in this repository,
 * whether or not the file exists; an ignored file or one without a parser comes back unchanged.
 */
export function formatText(root: string, file: string, text: string): Promise<string> {
  const key = `${path.join(root, file)}\0${text}`;
  let result = formatted.get(key);
  if (!result) {
    result = formatUncached(root, file, text);
    formatted.set(key, result);
    // A failure is reported once and not kept: the next call tries again.
    result.catch(() => formatted.delete(key));
  }
  return result;
}

async function formatUncached(root: string, file: string, text: string): Promise<string> {
  const abs = path.join(root, file);
  const info = await prettier.getFileInfo(abs, {
    ignorePath: [path.join(root, ".gitignore"), path.join(root, ".prettierignore")],
    resolveConfig: true,
  });
  if (info.ignored || !info.inferredParser) return text;
  const options = await prettier.resolveConfig(abs, { editorconfig: true });
  return prettier.format(text, { ...options, filepath: abs });
}

/** Formats each file Prettier has a parser for; returns the ones it changed. */
export async function formatFiles(root: string, files: readonly string[]): Promise<string[]> {
  const changed: string[] = [];
  for (const file of files) {
    const abs = path.join(root, file);
    const text = await readFile(abs, "utf8");
    const formatted = await formatText(root, file, text);
    if (formatted !== text) {
      await writeFile(abs, formatted);
      changed.push(file);
    }
  }
  return changed;
}
