import { rmSync } from "node:fs";
import { checkRepository } from "@repo/deploy-check/check";
import { afterAll, describe, expect, it } from "vitest";
import { commandLines } from "../src/doc-commands.js";
import { readMarkdown } from "../src/markdown.js";
import { copyRepository } from "../src/repo-copy.js";
import { readRepoFile } from "../src/repository.js";
import { type FileSettings, applySettings, settingsTables } from "../src/settings-table.js";
import { commandsOf } from "../src/shell-words.js";

// Chapter 5 tells the reader which files to change to publish to ttl.sh and what to set in
// each. Applied to a copy of the repository, exactly as written, the deploy check (what
// `pnpm check:deploy` runs, here in-process) must pass; with any one of them left out, it must
// fail: the table names every file that must change.
const CHAPTER = "05-publishing.md";
const table = (language: string) => settingsTables(readRepoFile(`docs/${language}/${CHAPTER}`));

describe(`the files docs/*/${CHAPTER} says to change for ttl.sh`, () => {
  const copies: string[] = [];
  afterAll(() => {
    for (const copy of copies) rmSync(copy, { recursive: true, force: true });
  });
  const checkWith = async (rows: readonly FileSettings[]) => {
    const copy = copyRepository();
    copies.push(copy);
    for (const row of rows) applySettings(copy, row);
    const { problems } = await checkRepository(copy);
    return problems.map((problem) => `${problem.file}: ${problem.message}`);
  };

  it("are the same in English and French, and more than one", () => {
    expect(table("en").length).toBeGreaterThan(1);
    expect(table("fr")).toEqual(table("en"));
  });

  it("pass pnpm check:deploy once set as the table says", async () => {
    expect(await checkWith(table("en"))).toEqual([]);
  }, 120_000);

  for (const left of table("en")) {
    it(`are all needed: without ${left.file}, pnpm check:deploy fails`, async () => {
      const rest = table("en").filter((row) => row.file !== left.file);
      expect(await checkWith(rest)).not.toEqual([]);
    }, 120_000);
  }

  it("are the files the no-Docker path commits", () => {
    const blocks = readMarkdown(readRepoFile(`docs/en/${CHAPTER}`)).fences;
    const added = blocks
      .flatMap((fence) => commandLines(fence.lang, fence.body))
      .flatMap(commandsOf)
      .filter((words) => words[0] === "git" && words[1] === "add")
      .flatMap((words) => words.slice(2));
    expect(added.sort()).toEqual(
      table("en")
        .map((row) => row.file)
        .sort(),
    );
  });
});
