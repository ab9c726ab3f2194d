// An app's Kubernetes manifests as objects, typed by kubernetes-models where their kind is known.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { Deployment, type IDeployment } from "kubernetes-models/apps/v1/Deployment";
import { Ingress, type IIngress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import { type IService, Service } from "kubernetes-models/v1/Service";
import { parseAllDocuments } from "yaml";
import { UserError } from "./user-error.js";

/** An object of a manifest, before its kind says what else it holds. */
export interface ManifestObject {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: unknown;
}

/**
 * The objects of a YAML text, in order, as `kubectl apply` reads them (empty documents are
 * skipped); `source` names the file in the error a document that is not valid YAML raises.
 */
export function parseManifests(text: string, source: string): ManifestObject[] {
  const objects: ManifestObject[] = [];
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length > 0) {
      throw new UserError(`${source} is not valid YAML: ${document.errors[0]?.message}`);
    }
    const value: unknown = document.toJS();
    if (value !== null && value !== undefined) objects.push(value);
  }
  return objects;
}

/** Every object of the .yaml and .yml files of a folder, in the order `kubectl apply -f` reads them. */
export async function readManifests(dir: string): Promise<ManifestObject[]> {
  const names = (await readdir(dir)).filter((name) => /\.ya?ml$/.test(name)).sort();
  const objects: ManifestObject[] = [];
  for (const name of names) {
    objects.push(...parseManifests(await readFile(path.join(dir, name), "utf8"), name));
  }
  return objects;
}

/** An apps/v1 Deployment. */
export const isDeployment = (object: unknown): object is IDeployment => Deployment.is(object);

/** A v1 Service. */
export const isService = (object: unknown): object is IService => Service.is(object);

/** A networking.k8s.io/v1 Ingress. */
export const isIngress = (object: unknown): object is IIngress => Ingress.is(object);

/** The ports a Deployment's containers declare. */
export function containerPorts(deployment: IDeployment): number[] {
  return (deployment.spec?.template.spec?.containers ?? []).flatMap((container) =>
    (container.ports ?? []).map((port) => port.containerPort),
  );
}
