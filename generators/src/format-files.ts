// Formats written files with the repository's Prettier configuration, as `pnpm format` would.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import * as prettier from "prettier";

/** Formats each file Prettier has a parser for; returns the ones it changed. */
export async function formatFiles(root: string, files: readonly string[]): Promise<string[]> {
  const changed: string[] = [];
  for (const file of files) {
    const abs = path.join(root, file);
    const info = await prettier.getFileInfo(abs, {
      ignorePath: [path.join(root, ".gitignore"), path.join(root, ".prettierignore")],
      resolveConfig: true,
    });
    if (info.ignored || !info.inferredParser) continue;
    const options = await prettier.resolveConfig(abs, { editorconfig: true });
    const text = await readFile(abs, "utf8");
    const formatted = await prettier.format(text, { ...options, filepath: abs });
    if (formatted !== text) {
      await writeFile(abs, formatted);
      changed.push(file);
    }
  }
  return changed;
}
