// What the generator must know about the repository before it writes anything: the names and
// ports already taken, the deploy defaults, and the namespaces and folders a name must avoid.
import { readFileSync } from "node:fs";
import path from "node:path";
import { appNames } from "@repo/workspace/apps";
import { type DeployConfig, loadDeployConfig } from "@repo/workspace/deploy-config";
import { workspacePackages } from "@repo/workspace/workspace-dependencies";
import { parse } from "yaml";
import { type AppPort, appPorts } from "./app-ports.js";
import {
  type IgnoredBy,
  deployNamespaces,
  gitignoreOfApps,
  topLevelFolders,
} from "./reserved-names.js";

export interface WorkspacePackage {
  name: string;
  /** Relative to the repository root. */
  dir: string;
}

export interface RepoFacts {
  root: string;
  /** The apps: folder names under apps/, with or without a package.json. */
  appDirs: string[];
  packages: WorkspacePackage[];
  /** The dependency names pinned in the pnpm catalog. */
  catalog: string[];
  ports: AppPort[];
  deploy: DeployConfig;
  /** The namespaces deploy/ names: an app deployed into one would mix with its objects. */
  namespaces: string[];
  topLevelFolders: string[];
  ignoredBy: IgnoredBy;
}

function catalogNames(root: string): string[] {
  const workspace = parse(readFileSync(path.join(root, "pnpm-workspace.yaml"), "utf8")) as {
    catalog?: Record<string, string>;
  } | null;
  return Object.keys(workspace?.catalog ?? {});
}

export async function readRepoFacts(root: string): Promise<RepoFacts> {
  const packages = [...(await workspacePackages(root))].map(([name, dir]) => ({ name, dir }));
  return {
    root,
    appDirs: appNames(root),
    packages,
    catalog: catalogNames(root),
    ports: appPorts(root),
    deploy: await loadDeployConfig(root),
    namespaces: deployNamespaces(root),
    topLevelFolders: topLevelFolders(root),
    ignoredBy: gitignoreOfApps(root),
  };
}
