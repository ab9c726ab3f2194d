import { describe, expect, it } from "vitest";
import { docCommands, pnpmInvocation } from "../src/doc-commands.js";
import { loadDocs } from "../src/docs.js";
import { rootBins, rootScripts, workspaceScripts } from "../src/repository.js";

// pnpm's own commands, which need no script of that name.
const PNPM_BUILT_INS = new Set(["install", "i", "add", "remove", "update", "exec", "dlx", "why"]);

const workspaces = await workspaceScripts();

describe("every pnpm command the docs name", () => {
  const docs = loadDocs();
  const scripts = rootScripts();
  const bins = rootBins();

  it("finds the docs and their commands", () => {
    expect(docs.map((doc) => doc.path)).toContain("README.md");
    const named = docs.flatMap((doc) => docCommands(doc.facts).map((c) => pnpmInvocation(c.words)));
    expect(named.filter(Boolean).length).toBeGreaterThan(10);
  });

  for (const doc of docs) {
    it(`exists: ${doc.path}`, () => {
      const missing: string[] = [];
      for (const { words, line } of docCommands(doc.facts)) {
        const call = pnpmInvocation(words);
        if (!call) continue;
        const where = `${doc.path}:${line}: ${words.join(" ")}`;
        if (call.filter !== undefined) {
          const own = workspaces.get(call.filter);
          if (!own) missing.push(`${where}: no workspace package is named ${call.filter}`);
          else if (!(call.command in own) && !PNPM_BUILT_INS.has(call.command))
            missing.push(`${where}: ${call.filter} has no script ${call.command}`);
          continue;
        }
        const script = call.command === "run" ? call.args[0] : call.command;
        if (script === undefined) continue;
        if (script in scripts || PNPM_BUILT_INS.has(script) || bins.has(script)) continue;
        missing.push(`${where}: the root package.json has no script ${script}`);
      }
      expect(missing).toEqual([]);
    });
  }
});
