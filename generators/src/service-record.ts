// The record of an app under "shipyard" in its package.json: the answers it was generated with
// (a host only when it is not <name>.<domain>), the template version its files were rendered
// from and the deploy.config.yaml values they were rendered with. With deploy.config.yaml and
// the templates, it is all `pnpm gen sync` renders an app from.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { type DeployConfig, parseDeployConfig } from "@repo/workspace/deploy-config";

export interface ServiceRecord {
  name: string;
  port: number;
  host?: string;
  description: string;
  /** The git tree id of the template the files were rendered from; absent before adoption. */
  template?: string;
  deploy?: DeployConfig;
}

export const recordFile = (app: string) => `apps/${app}/package.json`;

/** The app's record, or undefined when its package.json has none; throws naming the fix. */
export async function readServiceRecord(
  root: string,
  app: string,
): Promise<ServiceRecord | undefined> {
  const file = recordFile(app);
  const text = await readFile(path.join(root, file), "utf8");
  let manifest: { shipyard?: Record<string, unknown> };
  try {
    manifest = JSON.parse(text) as typeof manifest;
  } catch (error) {
    throw new Error(
      `${file} is not valid JSON (${(error as Error).message})${/^<{7} /m.test(text) ? ": it holds conflict markers from a sync" : ""}. Fix: resolve it, then run the sync again.`,
    );
  }
  const raw = manifest.shipyard;
  if (raw === undefined) return undefined;
  const problem = (field: string, want: string) =>
    new Error(
      `"shipyard.${field}" in ${file} must be ${want}. Fix: correct it, as \`pnpm gen service\` writes it.`,
    );
  if (raw.name !== app) throw problem("name", `"${app}", the app's folder name`);
  if (typeof raw.port !== "number" || !Number.isInteger(raw.port))
    throw problem("port", "a number");
  if (typeof raw.description !== "string") throw problem("description", "a string");
  if (raw.host !== undefined && typeof raw.host !== "string") throw problem("host", "a string");
  if (
    raw.template !== undefined &&
    (typeof raw.template !== "string" || !/^[0-9a-f]{40}$/.test(raw.template))
  )
    throw problem("template", "a git tree id (40 hexadecimal digits)");
  const record: ServiceRecord = {
    name: app,
    port: raw.port,
    description: raw.description,
    ...(typeof raw.host === "string" && { host: raw.host }),
    ...(typeof raw.template === "string" && { template: raw.template }),
  };
  if (raw.deploy !== undefined) {
    // JSON is YAML: the record's values get deploy.config.yaml's own checks.
    record.deploy = parseDeployConfig(JSON.stringify(raw.deploy), `"shipyard.deploy" in ${file}`);
  }
  return record;
}
