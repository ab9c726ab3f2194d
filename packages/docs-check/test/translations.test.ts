import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readBlockNote } from "../src/block-notes.js";
import { COMMAND_LANGS, commandLines } from "../src/doc-commands.js";
import { type Fence, readMarkdown } from "../src/markdown.js";
import { repositoryRoot } from "@repo/workspace/repository-root";
import { readRepoFile } from "../src/repository.js";

const LANGUAGES = ["en", "fr"];

/** Every page of a language: the numbered chapters and the pages beside them (troubleshooting). */
function pages(language: string): string[] {
  const dir = join(repositoryRoot, "docs", language);
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((file) => file.endsWith(".md"))
        .sort()
    : [];
}

/** What must not differ between translations: the commands, and the output a console shows. */
function commandsOf(fence: Fence): string[] {
  if (!COMMAND_LANGS.has(fence.lang)) return [];
  if (fence.lang !== "console") return commandLines(fence.lang, fence.body);
  return fence.body
    .filter((line) => !line.startsWith("$ "))
    .concat(commandLines("console", fence.body));
}

/** Whether a block runs here and what it must print; the reason it cannot is in each language. */
function runsOf(fence: Fence): string {
  const note = readBlockNote(fence.note);
  if (typeof note === "string") return "";
  return note.kind === "run" ? `run ${note.outputContains ?? ""}` : "not run";
}

describe("the English and French tutorials", () => {
  const english = pages("en");

  it("have the seven chapters and the same pages, under the same file names", () => {
    expect(english.filter((page) => /^\d\d-/.test(page))).toHaveLength(7);
    for (const language of LANGUAGES) expect(pages(language)).toEqual(english);
  });

  it("are both linked from docs/README.md", () => {
    const index = readRepoFile("docs/README.md");
    for (const language of LANGUAGES) {
      for (const page of english) expect(index).toContain(`(${language}/${page})`);
    }
  });

  for (const page of english) {
    it(`keep ${page} in step: headings, code blocks, commands and what runs`, () => {
      const [en, fr] = LANGUAGES.map((language) =>
        readMarkdown(readRepoFile(`docs/${language}/${page}`)),
      );
      expect(fr!.headings.map((h) => h.level)).toEqual(en!.headings.map((h) => h.level));
      expect(fr!.fences.map((f) => f.lang)).toEqual(en!.fences.map((f) => f.lang));
      expect(fr!.fences.map(commandsOf)).toEqual(en!.fences.map(commandsOf));
      expect(fr!.fences.map(runsOf)).toEqual(en!.fences.map(runsOf));
      expect(en!.fences.some((fence) => COMMAND_LANGS.has(fence.lang))).toBe(true);
    });
  }
});
