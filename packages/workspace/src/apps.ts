// Which apps the repository holds, and where each one's files are. An app is a folder under
// apps/; what it has (a Dockerfile, manifests) decides what can be done with it.
import { existsSync, lstatSync, readdirSync } from "node:fs";
import path from "node:path";

/** Where an app's files are, relative to the repository root. */
export function appFiles(app: string) {
  const dir = `apps/${app}`;
  return {
    dir,
    packageJson: `${dir}/package.json`,
    dockerfile: `${dir}/Dockerfile`,
    kubernetes: `${dir}/kubernetes`,
    deployment: `${dir}/kubernetes/deployment.yaml`,
    /** The caller workflow that builds its image. */
    workflow: `.github/workflows/app-${app}.yml`,
  };
}

/**
 * Lists a folder by its path from the repository root; `undefined` when it cannot. A caller that
 * must not trust the repository (the deploy check) passes one that bounds and reports what it
 * reads.
 */
export type ListFolder = (relativeDir: string) => readonly string[] | undefined;

const listFromDisk =
  (root: string): ListFolder =>
  (relativeDir) => {
    try {
      return readdirSync(path.join(root, relativeDir));
    } catch {
      return undefined;
    }
  };

/** Every app: each folder under apps/ that is neither hidden nor a link, by name. */
export function appNames(root: string, list: ListFolder = listFromDisk(root)): string[] {
  return (list("apps") ?? [])
    .filter((name) => {
      if (name.startsWith(".")) return false;
      try {
        return lstatSync(path.join(root, "apps", name)).isDirectory();
      } catch {
        return false;
      }
    })
    .sort();
}

/** The apps with a kubernetes/deployment.yaml: what can be deployed and rolled out. */
export function deployableApps(root: string): string[] {
  return appNames(root).filter((app) => existsSync(path.join(root, appFiles(app).deployment)));
}

/** The apps with a Dockerfile: what has an image to build. */
export function appsWithDockerfile(root: string): string[] {
  return appNames(root).filter((app) => existsSync(path.join(root, appFiles(app).dockerfile)));
}
