// The workspace packages a new service is built from, directly or not: its caller workflow
// must run when any of them changes. Read from the package.json the template renders, before
// the service exists.
import { workspaceDependencies, workspacePackages } from "@repo/workspace/workspace-dependencies";
import type { RenderString } from "./render-templates.js";
import type { TemplateFiles } from "./template-version.js";

/** Where a template version keeps the package.json it renders. */
export const PACKAGE_TEMPLATE = "apps/{{name}}/package.json.hbs";

/** Folders relative to the root, sorted. */
export async function workspaceDependenciesOf(
  root: string,
  templates: TemplateFiles,
  data: object,
  renderString: RenderString,
): Promise<string[]> {
  const template = templates.get(PACKAGE_TEMPLATE);
  if (template === undefined) throw new Error(`The service template has no ${PACKAGE_TEMPLATE}.`);
  const manifest = JSON.parse(renderString(template, data)) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const packages = await workspacePackages(root);
  const direct = Object.entries({ ...manifest.dependencies, ...manifest.devDependencies })
    .filter(([, spec]) => spec.startsWith("workspace:"))
    .map(([name]) => {
      const folder = packages.get(name);
      if (!folder)
        throw new Error(
          `The service template depends on ${name}, which is not a workspace package.`,
        );
      return folder;
    });
  const all = new Set(direct);
  for (const folder of direct)
    for (const dep of await workspaceDependencies(root, folder)) all.add(dep);
  return [...all].sort();
}
