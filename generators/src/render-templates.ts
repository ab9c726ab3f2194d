// Renders a folder of Handlebars templates: every path and every file's text goes through
// plop's renderString (so plop helpers and partials apply), and a trailing ".hbs" is dropped.
import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";

export type RenderString = (template: string, data: object) => string;

/** Writes the rendered tree under outDir and returns the written paths, relative to it. */
export async function renderTemplates(
  templateDir: string,
  outDir: string,
  data: object,
  renderString: RenderString,
): Promise<string[]> {
  const files = (await readdir(templateDir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(templateDir, path.join(entry.parentPath, entry.name)))
    .sort();
  const written: string[] = [];
  for (const file of files) {
    const target = renderString(file.split(path.sep).join("/"), data).replace(/\.hbs$/, "");
    const text = renderString(await readFile(path.join(templateDir, file), "utf8"), data);
    await mkdir(path.dirname(path.join(outDir, target)), { recursive: true });
    await writeFile(path.join(outDir, target), text, { flag: "wx" });
    written.push(target);
  }
  return written;
}
