// English takes "an" before a vowel sound: "an integer", "an image", "an app", "an Ingress".
// Messages, docs and comments are read by users, so this holds for every English file of the
// repository, committed or not.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../src/repository.js";

// "a" before a, e, i or o (a one-node cluster and a once-only step read fine); words in u vary
// (a user, an update) and are left to the reader.
const A_BEFORE_VOWEL = /\b[Aa] (?!one\b|once\b)[aeioAEIO][\w-]*/g;
// French ("il a encore") and generated files are not English prose.
const NOT_ENGLISH = /^(?:docs\/fr\/|pnpm-lock\.yaml$)/;
// This file spells the mistakes it looks for.
const SELF = path
  .relative(repoRoot, fileURLToPath(import.meta.url))
  .split(path.sep)
  .join("/");
const TEXT = /\.(?:[cm]?[jt]s|md|ya?ml|hbs|json)$|(?:^|\/)Dockerfile$/;

function misused(text: string): string[] {
  return [...text.matchAll(A_BEFORE_VOWEL)].map((match) => match[0]);
}

describe('"a" before a vowel', () => {
  it("is found in a message, a comment and a list", () => {
    const [article, word] = ["a", "integer"];
    expect(misused(`fix: write ${article} ${word} here`)).toEqual([`${article} ${word}`]);
    expect(misused(`// ${article.toUpperCase()} Ingress per app`)).toEqual(["A Ingress"]);
    expect(misused("a one-node cluster, a user, an image, a IP")).toEqual(["a IP"]);
  });

  it("appears in no English file of the repository", () => {
    const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], {
      cwd: repoRoot,
      encoding: "utf8",
    })
      .split("\n")
      .filter((file) => TEXT.test(file) && !NOT_ENGLISH.test(file) && file !== SELF)
      .filter((file) => existsSync(path.join(repoRoot, file)));
    expect(files.length).toBeGreaterThan(50);
    const found = files.flatMap((file) =>
      readFileSync(path.join(repoRoot, file), "utf8")
        .split("\n")
        .flatMap((line, index) => misused(line).map((words) => `${file}:${index + 1}: ${words}`)),
    );
    expect(found).toEqual([]);
  });
});
