// Reads what the check looks at: every app under apps/, its Dockerfile, manifests and caller
// workflow, and the workspace packages it depends on. Nothing here judges what it reads.
import { appFiles, appNames } from "@repo/workspace/apps";
import type { Problem } from "./problem.js";
import {
  existsInRepository,
  type FileRead,
  listRepositoryFolder,
  readRepositoryFile,
} from "./read-repository-file.js";
import { parseYamlDocuments } from "./yaml-documents.js";

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
  /** The answers the app was generated with; @repo/workspace/app-record reads them. */
  shipyard?: unknown;
}

export interface ManifestFile {
  file: string;
  /** How many YAML documents it holds (0: the file is empty or only comments). */
  documents: number;
}

export interface App {
  name: string;
  dir: string;
  /** Files and folders every app has that this one lacks, from the repository root. */
  missing: string[];
  packageJson?: PackageJson;
  dockerfile?: TextFile;
  /** Every readable .yaml/.yml file in its kubernetes folder. */
  manifestFiles: ManifestFile[];
  manifests: ManifestDocument[];
  workflow?: TextFile & { object: unknown };
}

export interface Repository {
  root: string;
  apps: App[];
  /** Problems met while reading (unreadable files, unparseable YAML or JSON). */
  readProblems: Problem[];
}

/** A Dockerfile is a few kB, and its linter slows down more than linearly on huge ones. */
const DOCKERFILE_MAX_BYTES = 256 * 1024;

export function readRepository(root: string): Repository {
  const readProblems: Problem[] = [];

  const readText = (file: string): FileRead => readRepositoryFile(root, file, readProblems);
  const textFile = (read: FileRead): TextFile | undefined =>
    read.status === "read" ? { file: read.file, text: read.text } : undefined;

  const readJson = (read: FileRead): PackageJson | undefined => {
    if (read.status !== "read") return undefined;
    try {
      return JSON.parse(read.text) as PackageJson;
    } catch (error) {
      readProblems.push({
        file: read.file,
        message: `is not valid JSON: ${(error as Error).message}`,
        fix: "correct the JSON syntax",
        rule: "parse",
      });
      return undefined;
    }
  };

  const listFolder = (dir: string) => listRepositoryFolder(root, dir, readProblems);
  const apps = appNames(root, listFolder).map((name): App => {
    const files = appFiles(name);
    const { dir } = files;
    const kubernetesDir = files.kubernetes;
    const missing: string[] = [];
    const manifests: ManifestDocument[] = [];
    const manifestFiles: ManifestFile[] = [];
    const entries = listRepositoryFolder(root, kubernetesDir, readProblems);
    if (entries === undefined) {
      if (!existsInRepository(root, kubernetesDir)) missing.push(kubernetesDir);
    } else {
      for (const entry of entries.filter((e) => /\.ya?ml$/.test(e))) {
        const read = readText(`${kubernetesDir}/${entry}`);
        if (read.status !== "read") continue;
        const { documents, total } = parseYamlDocuments(read.file, read.text, readProblems);
        manifestFiles.push({ file: read.file, documents: total });
        for (const { index, value } of documents) {
          if (value === null || value === undefined) continue;
          if (typeof value === "object" && !Array.isArray(value)) {
            manifests.push({ file: read.file, index, object: value as Record<string, unknown> });
          } else {
            readProblems.push({
              file: read.file,
              message: `document ${index + 1} is not a Kubernetes object`,
              fix: "each YAML document must be a mapping with apiVersion, kind and metadata",
              rule: "parse",
            });
          }
        }
      }
    }
    const readRequired = (file: string, maxBytes?: number): FileRead => {
      const read = readRepositoryFile(root, file, readProblems, maxBytes);
      if (read.status === "missing") missing.push(file);
      return read;
    };
    const packageJson = readJson(readRequired(files.packageJson));
    const dockerfile = textFile(readRequired(files.dockerfile, DOCKERFILE_MAX_BYTES));
    const workflowFile = textFile(readText(files.workflow));
    const workflow = workflowFile && {
      ...workflowFile,
      object: parseYamlDocuments(workflowFile.file, workflowFile.text, readProblems).documents[0]
        ?.value,
    };
    return {
      name,
      dir,
      missing,
      ...(packageJson && { packageJson }),
      ...(dockerfile && { dockerfile }),
      manifestFiles,
      manifests,
      ...(workflow && { workflow }),
    };
  });

  return { root, apps, readProblems };
}
