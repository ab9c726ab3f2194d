import { run } from "../src/local-run.js";
import { describe, expect, it } from "vitest";
import { docCommands, pnpmInvocation } from "../src/doc-commands.js";
import { loadDocs } from "../src/docs.js";
import { rootScripts } from "../src/repository.js";

// Each root script that the docs give flags to must list those flags in its own --help.
describe("every flag the docs give a repository command", () => {
  const scripts = rootScripts();
  const flagsByScript = new Map<string, Set<string>>();
  for (const doc of loadDocs()) {
    for (const { words } of docCommands(doc.facts)) {
      const call = pnpmInvocation(words);
      if (!call || call.filter !== undefined || !(call.command in scripts)) continue;
      for (const arg of call.args) {
        if (!arg.startsWith("-")) continue;
        const flag = arg.split("=")[0]!;
        const known = flagsByScript.get(call.command) ?? new Set<string>();
        flagsByScript.set(call.command, known.add(flag));
      }
    }
  }

  it("finds flags in the docs", () => {
    expect(flagsByScript.size).toBeGreaterThan(0);
  });

  for (const [script, flags] of flagsByScript) {
    it(`pnpm ${script} accepts ${[...flags].join(", ")}`, async () => {
      const { status, output: text } = await run(`pnpm --silent ${script} --help`, {
        FORCE_COLOR: "0",
      });
      expect(status, `pnpm ${script} --help failed:\n${text}`).toBe(0);
      const unknown = [...flags].filter(
        (flag) => !new RegExp(`(^|[\\s\\[,])${flag}(?![\\w-])`, "m").test(text),
      );
      expect(unknown, `pnpm ${script} --help says:\n${text}`).toEqual([]);
    }, 90_000);
  }
});
