// What the docs test reads in a Markdown file: headings, fenced blocks, inline code and links.
// Fences may be indented (inside list items); inline code may wrap across lines, as Prettier
// leaves it.

export interface Heading {
  level: number;
  text: string;
  line: number;
}

export interface Fence {
  lang: string;
  body: string[];
  line: number;
  /** The HTML comment right above the block (`<!-- … -->`), its text trimmed, if there is one. */
  note?: string | undefined;
}

export interface Span {
  text: string;
  line: number;
}

export interface MarkdownFacts {
  headings: Heading[];
  fences: Fence[];
  inlineCode: Span[];
  links: Span[];
}

const FENCE_OPEN = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/;

export function readMarkdown(source: string): MarkdownFacts {
  const facts: MarkdownFacts = { headings: [], fences: [], inlineCode: [], links: [] };
  const lines = source.split("\n");
  let paragraph: { text: string[]; line: number } | undefined;
  const flush = () => {
    if (paragraph) readInline(paragraph.text.join("\n"), paragraph.line, facts);
    paragraph = undefined;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const open = FENCE_OPEN.exec(line);
    if (open) {
      flush();
      const [, indent = "", marker = "", lang = ""] = open;
      const fence: Fence = { lang, body: [], line: i + 1, note: noteAbove(lines, i) };
      for (i++; i < lines.length; i++) {
        const inner = lines[i] ?? "";
        if (inner.trim().startsWith(marker) && inner.trim().replace(/[`~]/g, "") === "") break;
        fence.body.push(inner.startsWith(indent) ? inner.slice(indent.length) : inner.trimStart());
      }
      facts.fences.push(fence);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      facts.headings.push({ level: heading[1]!.length, text: heading[2]!.trim(), line: i + 1 });
      readInline(line, i + 1, facts);
      continue;
    }
    if (line.trim() === "") {
      flush();
      continue;
    }
    paragraph ??= { text: [], line: i + 1 };
    paragraph.text.push(line);
  }
  flush();
  return facts;
}

function readInline(text: string, firstLine: number, facts: MarkdownFacts): void {
  const lineOf = (index: number) => firstLine + (text.slice(0, index).match(/\n/g)?.length ?? 0);
  for (const match of text.matchAll(/(?<!`)`([^`]+)`(?!`)/g)) {
    facts.inlineCode.push({ text: match[1]!.replace(/\s*\n\s*/g, " "), line: lineOf(match.index) });
  }
  for (const match of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    facts.links.push({ text: match[1]!, line: lineOf(match.index) });
  }
}

/** The text of the HTML comment that ends above `index`, blank lines apart (as Prettier leaves it). */
function noteAbove(lines: readonly string[], index: number): string | undefined {
  let end = index - 1;
  while (end >= 0 && (lines[end] ?? "").trim() === "") end--;
  if (!/-->\s*$/.test(lines[end] ?? "")) return undefined;
  for (let start = end; start >= 0; start--) {
    const line = lines[start] ?? "";
    if (!line.includes("<!--")) continue;
    const comment = lines
      .slice(start, end + 1)
      .join("\n")
      .trim();
    return /^<!--([\s\S]*)-->$/.exec(comment)?.[1]?.replace(/\s+/g, " ").trim();
  }
  return undefined;
}
