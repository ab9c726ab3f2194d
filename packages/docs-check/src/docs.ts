// Every doc of the repository, read once.
import { type MarkdownFacts, readMarkdown } from "./markdown.js";
import { docFiles, readRepoFile } from "./repository.js";

export interface Doc {
  path: string;
  facts: MarkdownFacts;
}

export function loadDocs(): Doc[] {
  return docFiles().map((path) => ({ path, facts: readMarkdown(readRepoFile(path)) }));
}
