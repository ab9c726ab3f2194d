// Renders a template version: every path and every file's text goes through plop's renderString
// (so plop helpers and partials apply), and a trailing ".hbs" is dropped.
import type { TemplateFiles } from "./template-version.js";

export type RenderString = (template: string, data: object) => string;

/** The rendered files: path relative to the repository root -> text. */
export function renderTemplates(
  templates: TemplateFiles,
  data: object,
  renderString: RenderString,
): Map<string, string> {
  const rendered = new Map<string, string>();
  for (const [file, text] of [...templates].sort(([a], [b]) => a.localeCompare(b))) {
    rendered.set(renderString(file, data).replace(/\.hbs$/, ""), renderString(text, data));
  }
  return rendered;
}
