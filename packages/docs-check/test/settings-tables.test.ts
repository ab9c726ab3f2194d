import { execFileSync } from "node:child_process";
import { rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { checkRepository } from "@repo/deploy-check/check";
import { applySync, conflictedFiles, planSync } from "@repo/generators/sync";
import { afterAll, describe, expect, it } from "vitest";
import { commandLines } from "../src/doc-commands.js";
import { readMarkdown } from "../src/markdown.js";
import { copyRepository } from "../src/repo-copy.js";
import { repositoryRoot } from "@repo/workspace/repository-root";
import { readRepoFile } from "../src/repository.js";
import { type FileSettings, applySettings, settingsTables } from "../src/settings-table.js";
import { commandsOf } from "../src/shell-words.js";

// Chapter 5 tells the reader what to set in deploy.config.yaml to publish to ttl.sh, then to run
// `pnpm gen sync`, which rewrites every app's files from it. Applied to a git copy of the
// repository, exactly as written, then synced, the deploy check (what `pnpm check:deploy` runs,
// here in-process) must pass; without the sync it must fail: the settings alone are not enough.
const CHAPTER = "05-publishing.md";
const table = (language: string) => settingsTables(readRepoFile(`docs/${language}/${CHAPTER}`));

describe(`the settings docs/*/${CHAPTER} says to change for ttl.sh`, () => {
  const copies: string[] = [];
  afterAll(() => {
    for (const copy of copies) rmSync(copy, { recursive: true, force: true });
  });
  /** A git copy of the repository with the rows applied, committed before they were. */
  const copyWith = (rows: readonly FileSettings[]) => {
    const copy = copyRepository();
    copies.push(copy);
    // Prettier, which formats the render, loads the repository's config from node_modules.
    symlinkSync(join(repositoryRoot, "node_modules"), join(copy, "node_modules"));
    const git = (...args: string[]) => execFileSync("git", args, { cwd: copy, encoding: "utf8" });
    git("init", "-q");
    git("add", "-A");
    git("-c", "user.name=docs", "-c", "user.email=docs@example.invalid", "commit", "-qm", "copy");
    for (const row of rows) applySettings(copy, row);
    const changed = () =>
      git("status", "--porcelain", "--untracked-files=all")
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => line.slice(3));
    return { copy, changed };
  };
  const problemsOf = async (copy: string) =>
    (await checkRepository(copy)).problems.map((problem) => `${problem.file}: ${problem.message}`);

  it("are the same in English and French, and set deploy.config.yaml", () => {
    expect(table("en").map((row) => row.file)).toEqual(["deploy.config.yaml"]);
    expect(table("fr")).toEqual(table("en"));
  });

  it("pass pnpm check:deploy once set as the table says and synced", async () => {
    const { copy } = copyWith(table("en"));
    const plan = await planSync(copy);
    expect(conflictedFiles(plan)).toEqual([]);
    await applySync(plan);
    expect(await problemsOf(copy)).toEqual([]);
  }, 120_000);

  it("need the sync: set without it, pnpm check:deploy names the demo's Deployment and workflow", async () => {
    const { copy } = copyWith(table("en"));
    const problems = (await problemsOf(copy)).join("\n");
    expect(problems).toContain("apps/demo/kubernetes/deployment.yaml");
    expect(problems).toContain(".github/workflows/app-demo.yml");
  }, 120_000);

  it("change files the no-Docker path commits", async () => {
    const blocks = readMarkdown(readRepoFile(`docs/en/${CHAPTER}`)).fences;
    const added = blocks
      .flatMap((fence) => commandLines(fence.lang, fence.body))
      .flatMap(commandsOf)
      .filter((words) => words[0] === "git" && words[1] === "add")
      .flatMap((words) => words.slice(2));
    const { copy, changed } = copyWith(table("en"));
    await applySync(await planSync(copy));
    const files = changed();
    expect(files).toContain("apps/demo/kubernetes/deployment.yaml");
    const left = files.filter(
      (file) => !added.some((path) => file === path || file.startsWith(`${path}/`)),
    );
    expect(left).toEqual([]);
  }, 120_000);
});
