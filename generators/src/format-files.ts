// Formats written files with the repository's Prettier configuration, as `pnpm format` would.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import * as prettier from "prettier";

/**
 * The text formatted as Prettier formats the file `file` (relative to root) in this repository,
 * whether or not the file exists; an ignored file or one without a parser comes back unchanged.
 */
export async function formatText(root: string, file: string, text: string): Promise<string> {
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
