// The tables where a chapter tells the reader which files to change and what to set in each:
// rows whose first cell is a repository file in code and whose other cells give `key: value`
// settings. The docs test applies them to a copy of the repository, as the reader would.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface FileSettings {
  file: string;
  settings: { key: string; value: string }[];
}

const CODE = /`([^`]+)`/g;

export function settingsTables(markdown: string): FileSettings[] {
  const rows: FileSettings[] = [];
  for (const line of markdown.split("\n")) {
    if (!line.trimStart().startsWith("|")) continue;
    const [first, ...rest] = line.split("|").slice(1, -1);
    const file = /^\s*`([\w./-]+\.(?:ya?ml|json))`\s*$/.exec(first ?? "")?.[1];
    if (file === undefined) continue;
    const settings = rest
      .flatMap((cell) => [...cell.matchAll(CODE)].map((match) => match[1]!))
      .map((code) => /^([\w-]+): (\S+)$/.exec(code))
      .filter((match) => match !== null)
      .map(([, key, value]) => ({ key: key!, value: value! }));
    if (settings.length > 0) rows.push({ file, settings });
  }
  return rows;
}

/**
 * Sets each `key:` of the file to its value, where the key starts a line (any indentation), as
 * a reader editing the file by hand would. Throws when the file has no such line or several,
 * since the table would then not say which one to change.
 */
export function applySettings(root: string, { file, settings }: FileSettings): void {
  const path = join(root, file);
  let text = readFileSync(path, "utf8");
  for (const { key, value } of settings) {
    const line = new RegExp(`^(\\s*(?:- )?)${key}: .*$`, "gm");
    const found = text.match(line)?.length ?? 0;
    if (found !== 1) {
      throw new Error(
        `${file} has ${found} lines setting ${key}:, so "${key}: ${value}" is ambiguous`,
      );
    }
    text = text.replace(line, (_, indent: string) => `${indent}${key}: ${value}`);
  }
  writeFileSync(path, text);
}
