// The ports the existing apps use: the one recorded in package.json ("shipyard.port"), and
// those of what deploys them: the containerPorts of kubernetes/deployment.yaml, else the
// Dockerfile's `ARG PORT=`.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { lowestFreeAppPort } from "@repo/workspace/app-port";
import { readAppRecord } from "@repo/workspace/app-record";
import { appFiles, appNames } from "@repo/workspace/apps";
import { containerPorts, isDeployment, parseManifests } from "@repo/workspace/manifests";

export interface AppPort {
  app: string;
  port: number;
  /** The file the port was read from, relative to the repository root. */
  source: string;
}

function deploymentPorts(file: string): number[] {
  try {
    return parseManifests(readFileSync(file, "utf8"), file)
      .filter(isDeployment)
      .flatMap(containerPorts)
      .filter((port) => typeof port === "number");
  } catch {
    // A manifest that does not parse declares no port; the deploy check reports it.
    return [];
  }
}

function dockerfilePort(file: string): number | undefined {
  const match = /^ARG PORT=(\d+)\s*$/m.exec(readFileSync(file, "utf8"));
  return match ? Number(match[1]) : undefined;
}

export function appPorts(root: string): AppPort[] {
  const found: AppPort[] = [];
  for (const app of appNames(root)) {
    const { deployment, dockerfile, packageJson } = appFiles(app);
    // An unreadable or invalid record records nothing; the deploy check reports it.
    const { port } = readAppRecord(root, app);
    if (port !== undefined) found.push({ app, port, source: packageJson });
    if (existsSync(path.join(root, deployment))) {
      for (const port of deploymentPorts(path.join(root, deployment))) {
        found.push({ app, port, source: deployment });
      }
    } else if (existsSync(path.join(root, dockerfile))) {
      const port = dockerfilePort(path.join(root, dockerfile));
      if (port !== undefined) found.push({ app, port, source: dockerfile });
    }
  }
  return found;
}

/** The lowest port from 8000 up that no app uses. */
export function nextFreePort(used: readonly AppPort[]): number {
  return lowestFreeAppPort(used.map((u) => u.port));
}
