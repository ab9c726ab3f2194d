// The command lines the docs show: shell and console code blocks, and inline code that starts
// with a command.
import type { MarkdownFacts } from "./markdown.js";
import { commandsOf, stripComment } from "./shell-words.js";

export const COMMAND_LANGS = new Set(["sh", "bash", "shell", "console"]);

export interface DocCommand {
  words: string[];
  line: number;
}

/** The lines of a command block that are commands: in a console block, those after `$ `. */
export function commandLines(lang: string, body: readonly string[]): string[] {
  const lines =
    lang === "console"
      ? body.filter((line) => line.startsWith("$ ")).map((line) => line.slice(2))
      : body;
  return lines.map(stripComment).filter((line) => line.trim() !== "");
}

export function docCommands(facts: MarkdownFacts): DocCommand[] {
  const found: DocCommand[] = [];
  for (const fence of facts.fences) {
    if (!COMMAND_LANGS.has(fence.lang)) continue;
    for (const line of commandLines(fence.lang, fence.body)) {
      for (const words of commandsOf(line)) found.push({ words, line: fence.line });
    }
  }
  for (const span of facts.inlineCode) {
    if (!/^(npx|pnpm|docker|kubectl|git|curl|node) /.test(span.text)) continue;
    for (const words of commandsOf(span.text)) found.push({ words, line: span.line });
  }
  return found;
}

export interface PnpmInvocation {
  /** The workspace named by --filter, when there is one. */
  filter?: string | undefined;
  command: string;
  args: string[];
}

const PNPM_VALUE_OPTIONS = new Set(["--filter", "-F", "-C", "--dir"]);

/** The pnpm command a command line runs (directly or through npx), if it runs one. */
export function pnpmInvocation(words: readonly string[]): PnpmInvocation | undefined {
  let i = 0;
  while (i < words.length && /^[A-Z_][A-Z0-9_]*=/.test(words[i]!)) i++;
  if (words[i] === "npx") {
    i++;
    while (words[i]?.startsWith("-")) i++;
  }
  if (!/^pnpm(@[\w.-]+)?$/.test(words[i] ?? "")) return undefined;
  i++;
  let filter: string | undefined;
  for (; i < words.length && words[i]!.startsWith("-"); i++) {
    const option = words[i]!;
    if (option.startsWith("--filter=")) filter = option.slice("--filter=".length);
    if (PNPM_VALUE_OPTIONS.has(option)) {
      if (option === "--filter" || option === "-F") filter = words[i + 1];
      i++;
    }
  }
  const command = words[i];
  if (command === undefined) return undefined;
  return { filter, command, args: words.slice(i + 1) };
}
