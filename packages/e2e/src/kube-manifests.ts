import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseAllDocuments, stringify } from "yaml";
import { kubectl } from "@repo/workspace/kubectl";
import { readManifests as readAllManifests } from "@repo/workspace/manifests";

/** The fields of a Kubernetes object every check reads; the rest is compared as written. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; generation?: number };
  spec?: Record<string, unknown>;
  [field: string]: unknown;
}

/** Every object in the YAML files of a folder, as `kubectl apply -f <folder>` reads them. */
export async function readManifests(dir: string): Promise<KubeObject[]> {
  // Manifests name apiVersion, kind and metadata.name; kubectl refuses any that do not.
  return (await readAllManifests(dir)) as KubeObject[];
}

/**
 * `kubectl apply -f <dir>` into a namespace. With `dryRun`, the API server validates and
 * defaults every object without storing it; kubectl's strict validation rejects unknown fields,
 * which a 1.20 server would silently drop.
 */
export function applyManifests(dir: string, namespace: string, dryRun: boolean): Promise<string> {
  return kubectl([
    "apply",
    "--validate=strict",
    ...(dryRun ? ["--dry-run=server"] : []),
    "--namespace",
    namespace,
    "--filename",
    dir,
  ]);
}

/** A copy of a manifests folder with one file's objects edited, for checks that must fail. */
export async function editedCopy(
  dir: string,
  file: string,
  edit: (objects: KubeObject[]) => void,
): Promise<string> {
  const copy = await mkdtemp(path.join(tmpdir(), "kube-broken-"));
  await cp(dir, copy, { recursive: true });
  const target = path.join(copy, file);
  const objects = parseAllDocuments(await readFile(target, "utf8")).map(
    (d) => d.toJS() as KubeObject,
  );
  edit(objects);
  await writeFile(target, objects.map((o) => stringify(o)).join("---\n"));
  return copy;
}
