// The copy of an app's manifests that deploy:local applies: the same objects, with the app's
// container running the local image and never pulling it. The files on disk are not touched,
// so whatever their image line says (a registry tag CI writes back) stays as it is.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { isDeployment, isIngress, isService, parseManifests } from "@repo/workspace/manifests";
import { stringify } from "yaml";
import { DeployLocalError } from "./deploy-local-error.js";

export interface ManifestFile {
  /** Relative to the repository root, for messages. */
  name: string;
  text: string;
}

export interface LocalManifests {
  /** Every object, as one multi-document YAML stream for kubectl apply -f. */
  yaml: string;
  deployments: string[];
  services: { name: string; port: number }[];
  ingresses: { name: string; className?: string | undefined; hosts: string[] }[];
}

/** Reads the YAML files of apps/<app>/kubernetes, in the order kubectl apply reads them. */
export async function readManifestFiles(root: string, app: string): Promise<ManifestFile[]> {
  const dir = path.join(root, "apps", app, "kubernetes");
  const names = (await readdir(dir).catch(() => [] as string[]))
    .filter((name) => /\.ya?ml$/.test(name))
    .sort();
  return Promise.all(
    names.map(async (name) => ({
      name: `apps/${app}/kubernetes/${name}`,
      text: await readFile(path.join(dir, name), "utf8"),
    })),
  );
}

/**
 * The objects of `files` with the app's container set to `image` and `imagePullPolicy: Never`:
 * the image exists only on the cluster's nodes, and a pull attempt could only fail.
 */
export function localManifests(files: ManifestFile[], app: string, image: string): LocalManifests {
  const objects = files.flatMap((file) => parseManifests(file.text, file.name));
  const result: LocalManifests = { yaml: "", deployments: [], services: [], ingresses: [] };
  for (const object of objects) {
    const name = (object.metadata as { name?: string } | undefined)?.name ?? "";
    if (isDeployment(object)) {
      const containers = object.spec?.template.spec?.containers;
      const container =
        containers?.find((candidate) => candidate.name === app) ??
        (containers?.length === 1 ? containers[0] : undefined);
      if (!container) {
        throw new DeployLocalError(
          `Deployment ${name} in apps/${app}/kubernetes has no container named ${app}: name the app's container ${app}.`,
        );
      }
      container.image = image;
      container.imagePullPolicy = "Never";
      result.deployments.push(name);
    } else if (isService(object)) {
      result.services.push({ name, port: object.spec?.ports?.[0]?.port ?? 80 });
    } else if (isIngress(object)) {
      result.ingresses.push({
        name,
        className: object.spec?.ingressClassName,
        hosts: (object.spec?.rules ?? []).flatMap((rule) => (rule.host ? [rule.host] : [])),
      });
    }
  }
  if (result.deployments.length === 0) {
    throw new DeployLocalError(
      `apps/${app}/kubernetes holds no Deployment: it needs the app's apps/v1 Deployment.`,
    );
  }
  result.yaml = objects.map((object) => stringify(object)).join("---\n");
  return result;
}
