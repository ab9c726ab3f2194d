// Reads what the check looks at: every app under apps/, its Dockerfile, manifests and caller
// workflow, and the workspace packages it depends on. Nothing here judges what it reads.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { parseAllDocuments } from "yaml";
import type { Problem } from "./problem.js";

export interface ManifestDocument {
  file: string;
  /** The document's position in its file, from 0. */
  index: number;
  object: Record<string, unknown>;
}

export interface TextFile {
  file: string;
  text: string;
}

export interface PackageJson {
  name?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  /** The answers the app was generated with; app-record.ts reads them. */
  shipyard?: unknown;
}

export interface App {
  name: string;
  dir: string;
  packageJson?: PackageJson;
  dockerfile?: TextFile;
  manifests: ManifestDocument[];
  workflow?: TextFile & { object: unknown };
}

export interface Repository {
  root: string;
  apps: App[];
  /** Problems met while reading (unparseable YAML or JSON). */
  readProblems: Problem[];
}

export function findRepositoryRoot(from: string): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(
        `no pnpm-workspace.yaml in ${from} or any folder above it: run the check inside the repository`,
      );
    }
    dir = parent;
  }
}

function posix(path: string): string {
  return path.split(sep).join("/");
}

function subfolders(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
    .map((entry) => entry.name)
    .sort();
}

export function readRepository(root: string): Repository {
  const readProblems: Problem[] = [];
  const rel = (path: string) => posix(relative(root, path));

  const readText = (path: string): TextFile | undefined =>
    existsSync(path) ? { file: rel(path), text: readFileSync(path, "utf8") } : undefined;

  const readJson = (path: string): PackageJson | undefined => {
    const source = readText(path);
    if (!source) return undefined;
    try {
      return JSON.parse(source.text) as PackageJson;
    } catch (error) {
      readProblems.push({
        file: source.file,
        message: `is not valid JSON: ${(error as Error).message}`,
        fix: "correct the JSON syntax",
        rule: "parse",
      });
      return undefined;
    }
  };

  const readYaml = (source: TextFile): unknown[] => {
    const documents = parseAllDocuments(source.text);
    const objects: unknown[] = [];
    for (const document of Array.isArray(documents) ? documents : [documents]) {
      const [error] = document.errors;
      if (error) {
        readProblems.push({
          file: source.file,
          ...(error.linePos && { field: `line ${error.linePos[0].line}` }),
          message: `is not valid YAML: ${error.message.split("\n")[0]}`,
          fix: "correct the YAML syntax",
          rule: "parse",
        });
        continue;
      }
      const object: unknown = document.toJS();
      if (object !== null && object !== undefined) objects.push(object);
    }
    return objects;
  };

  const apps = subfolders(join(root, "apps")).map((name): App => {
    const dir = join(root, "apps", name);
    const kubernetesDir = join(dir, "kubernetes");
    const manifests: ManifestDocument[] = [];
    if (existsSync(kubernetesDir)) {
      for (const entry of readdirSync(kubernetesDir).sort()) {
        if (!/\.ya?ml$/.test(entry)) continue;
        const source = readText(join(kubernetesDir, entry))!;
        readYaml(source).forEach((object, index) => {
          if (typeof object === "object" && !Array.isArray(object)) {
            manifests.push({ file: source.file, index, object: object as Record<string, unknown> });
          } else {
            readProblems.push({
              file: source.file,
              message: `document ${index + 1} is not a Kubernetes object`,
              fix: "each YAML document must be a mapping with apiVersion, kind and metadata",
              rule: "parse",
            });
          }
        });
      }
    }
    const workflowText = readText(join(root, ".github", "workflows", `app-${name}.yml`));
    return {
      name,
      dir: `apps/${name}`,
      packageJson: readJson(join(dir, "package.json")),
      dockerfile: readText(join(dir, "Dockerfile")),
      manifests,
      workflow: workflowText && { ...workflowText, object: readYaml(workflowText)[0] },
    };
  });

  return { root, apps, readProblems };
}
