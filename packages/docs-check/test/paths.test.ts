import { describe, expect, it } from "vitest";
import { COMMAND_LANGS, docCommands, pnpmInvocation } from "../src/doc-commands.js";
import { loadDocs } from "../src/docs.js";
import { linkedPath, namedPath, pathExists } from "../src/repo-paths.js";

describe("every repository path the docs name", () => {
  const docs = loadDocs();
  // Services the docs generate (`pnpm gen service <name>`) do not exist until generated.
  const generated = docs.flatMap((doc) =>
    docCommands(doc.facts).flatMap(({ words }) => {
      const call = pnpmInvocation(words);
      return call?.command === "gen" && call.args[0] === "service" && call.args[1]
        ? [call.args[1]]
        : [];
    }),
  );

  for (const doc of docs) {
    it(`exists: ${doc.path}`, () => {
      const words: { word: string; line: number }[] = [];
      for (const span of doc.facts.inlineCode) {
        for (const word of span.text.split(/\s+/)) words.push({ word, line: span.line });
      }
      for (const { words: command, line } of docCommands(doc.facts)) {
        for (const word of command) words.push({ word, line });
      }
      // Layout blocks: the first word of each line names a path.
      for (const fence of doc.facts.fences) {
        if (COMMAND_LANGS.has(fence.lang) || fence.lang !== "text") continue;
        for (const line of fence.body) {
          const [first] = line.trim().split(/\s+/);
          if (first) words.push({ word: first, line: fence.line });
        }
      }
      const missing = new Set<string>();
      let checked = 0;
      for (const { word, line } of words) {
        const path = namedPath(word);
        if (path === undefined) continue;
        checked++;
        if (!pathExists(path, generated)) missing.add(`${doc.path}:${line}: ${path}`);
      }
      for (const link of doc.facts.links) {
        const path = linkedPath(doc.path, link.text);
        if (path === undefined) continue;
        checked++;
        if (!pathExists(path, [])) missing.add(`${doc.path}:${link.line}: link ${link.text}`);
      }
      expect([...missing]).toEqual([]);
      expect(checked).toBeGreaterThan(0);
    });
  }
});
