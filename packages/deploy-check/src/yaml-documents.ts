// Parses a YAML file into its documents, turning every way it can fail into a problem that
// names the file, the line and the document, so the check goes on with the others.
import { isMap, isScalar, LineCounter, parseAllDocuments, visit } from "yaml";
import type { Problem } from "./problem.js";

export interface YamlDocument {
  /** The document's position in its file, from 0, counting the ones that failed. */
  index: number;
  /** 1-based line where the document starts. */
  line: number;
  value: unknown;
}

/** Above this, anchors multiply a small file into a huge value (the "billion laughs"). */
const MAX_ALIAS_COUNT = 100;

/**
 * yaml's own duplicate-key check compares each key with every earlier one, so a map of 100,000
 * keys took minutes; a Set per map finds the same duplicates in linear time.
 */
function duplicateKeyOffsets(document: ReturnType<typeof parseAllDocuments>[number]): number[] {
  const offsets: number[] = [];
  visit(document, {
    Map(_, map) {
      if (!isMap(map)) return;
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        if (seen.has(pair.key.value)) offsets.push(pair.key.range?.[0] ?? 0);
        seen.add(pair.key.value);
      }
    },
  });
  return offsets;
}

/**
 * The documents of `file` that parsed, and how many it holds in all (0: only comments or
 * nothing); each one that failed is a problem.
 */
export function parseYamlDocuments(
  file: string,
  text: string,
  problems: Problem[],
): { documents: YamlDocument[]; total: number } {
  const lineCounter = new LineCounter();
  const add = (line: number | undefined, message: string, fix: string) =>
    problems.push({ file, ...(line && { field: `line ${line}` }), message, fix, rule: "parse" });
  let documents;
  try {
    documents = parseAllDocuments(text, { lineCounter, uniqueKeys: false });
  } catch (error) {
    add(undefined, `is not valid YAML: ${(error as Error).message}`, "correct the YAML syntax");
    return { documents: [], total: 1 };
  }
  const parsed: YamlDocument[] = [];
  (Array.isArray(documents) ? documents : [documents]).forEach((document, index) => {
    const line = lineCounter.linePos(document.range[0]).line;
    const which = documents.length > 1 ? ` (document ${index + 1})` : "";
    const [error] = document.errors;
    if (error) {
      add(
        error.linePos?.[0].line,
        `is not valid YAML${which}: ${error.message.split("\n")[0]}`,
        "correct the YAML syntax",
      );
      return;
    }
    const duplicate = duplicateKeyOffsets(document)[0];
    if (duplicate !== undefined) {
      add(
        lineCounter.linePos(duplicate).line,
        `is not valid YAML${which}: map keys must be unique`,
        "remove or rename the repeated key",
      );
      return;
    }
    try {
      parsed.push({ index, line, value: document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) });
    } catch (error) {
      const message = (error as Error).message;
      add(
        line,
        `cannot be read${which}: ${message}`,
        /alias/i.test(message)
          ? "write the values out instead of repeating them through anchors and aliases"
          : "correct the YAML",
      );
    }
  });
  return { documents: parsed, total: documents.length };
}
