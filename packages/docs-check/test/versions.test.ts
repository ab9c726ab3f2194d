import { describe, expect, it } from "vitest";
import { docCommands } from "../src/doc-commands.js";
import { loadDocs } from "../src/docs.js";
import { readRepoFile } from "../src/repository.js";

// The versions the docs tell a reader to install are the repository's own: pnpm's from
// package.json's packageManager, Node.js's from .node-version (what the images run).
describe("the versions the docs tell a reader to install", () => {
  const sequences = loadDocs().flatMap((doc) => [
    ...docCommands(doc.facts).map(({ words, line }) => ({ words, where: `${doc.path}:${line}` })),
    ...doc.facts.inlineCode.map((span) => ({
      words: span.text.split(/\s+/),
      where: `${doc.path}:${span.line}`,
    })),
  ]);
  const { packageManager = "" } = JSON.parse(readRepoFile("package.json")) as {
    packageManager?: string;
  };

  it("are pnpm's packageManager version wherever the docs name pnpm@<version>", () => {
    expect(packageManager).toMatch(/^pnpm@\d/);
    const named = sequences.flatMap(({ words, where }) =>
      words.filter((word) => /^pnpm@\d/.test(word)).map((word) => ({ word, where })),
    );
    expect(named.length).toBeGreaterThan(0);
    const wrong = named
      .filter(({ word }) => word !== packageManager)
      .map(({ word, where }) => `${where}: ${word}, but package.json says ${packageManager}`);
    expect(wrong).toEqual([]);
  });

  it("are .node-version's Node.js wherever the docs run nvm install", () => {
    const nodeVersion = readRepoFile(".node-version").trim();
    const installed = sequences.flatMap(({ words, where }) =>
      words.flatMap((word, i) =>
        word === "nvm" && words[i + 1] === "install" ? [{ version: words[i + 2], where }] : [],
      ),
    );
    expect(installed.length).toBeGreaterThan(0);
    const wrong = installed
      .filter(({ version }) => version !== nodeVersion)
      .map(
        ({ version, where }) =>
          `${where}: nvm install ${version}, but .node-version says ${nodeVersion}`,
      );
    expect(wrong).toEqual([]);
  });
});
