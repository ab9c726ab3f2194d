// The record of an app under "shipyard" in its package.json: the answers it was generated with
// (its name, port and description, and a host only when it is not <name>.<domain>), the
// template version its files were rendered from and the deploy.config.yaml values they were
// rendered with. With deploy.config.yaml and the templates, it is all `pnpm gen sync` renders an
// app from; where it is recorded, it is what the app's files must say.
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { appFiles, appNames } from "./apps.js";
import { deployConfigSchema } from "./deploy-config.js";

// Fields this reader does not know are kept out of `record` but never refused: a newer
// generator may record more.
const recordSchema = z.object({
  name: z.string().min(1).optional(),
  port: z.int().min(1).max(65535).optional(),
  host: z.string().min(1).optional(),
  description: z.string().optional(),
  /** The git tree id of the template the files were rendered from; absent before adoption. */
  template: z
    .string()
    .regex(/^[0-9a-f]{40}$/, "must be a git tree id (40 hexadecimal digits)")
    .optional(),
  /** The deploy.config.yaml values the files were rendered with. */
  deploy: deployConfigSchema.optional(),
});

export type AppRecord = z.infer<typeof recordSchema>;

/** A record complete enough to render the app from. */
export type RenderableRecord = AppRecord & { name: string; port: number; description: string };

/** The key of package.json that holds the record. */
export const RECORD_KEY = "shipyard";

export interface RecordIssue {
  /** The field at fault, from package.json's top: "shipyard.port". */
  field: string;
  message: string;
}

/** The record in a parsed package.json (empty when it has none) and what is wrong with it. */
export function parseAppRecord(packageJson: unknown): {
  record: AppRecord;
  issues: RecordIssue[];
} {
  const raw =
    typeof packageJson === "object" && packageJson !== null
      ? (packageJson as Record<string, unknown>)[RECORD_KEY]
      : undefined;
  if (raw === undefined) return { record: {}, issues: [] };
  const result = recordSchema.safeParse(raw);
  if (result.success) return { record: result.data, issues: [] };
  return {
    record: {},
    issues: result.error.issues.map((issue) => ({
      field: [RECORD_KEY, ...issue.path.map(String)].join("."),
      message: issue.message,
    })),
  };
}

/** Reads an app's record; an app without a readable package.json records nothing. */
export function readAppRecord(root: string, app: string): AppRecord {
  try {
    const text = readFileSync(path.join(root, appFiles(app).packageJson), "utf8");
    return parseAppRecord(JSON.parse(text)).record;
  } catch {
    return {};
  }
}

/**
 * The record to render an app from, or undefined when its package.json has none. Throws a
 * message naming the fix when package.json cannot be read as JSON or the record is incomplete.
 */
export async function loadAppRecord(
  root: string,
  app: string,
): Promise<RenderableRecord | undefined> {
  const file = appFiles(app).packageJson;
  const text = await readFile(path.join(root, file), "utf8");
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `${file} is not valid JSON (${(error as Error).message})${/^<{7} /m.test(text) ? ": it holds conflict markers from a sync" : ""}. Fix: resolve it, then run the sync again.`,
    );
  }
  const { record, issues } = parseAppRecord(manifest);
  const problem = (field: string, want: string) =>
    new Error(`"${field}" in ${file} ${want}. Fix: correct it, as \`pnpm gen service\` writes it.`);
  const [issue] = issues;
  if (issue) throw problem(issue.field, `is not what a record holds: ${issue.message}`);
  if ((manifest as Record<string, unknown>)[RECORD_KEY] === undefined) return undefined;
  if (record.name !== app)
    throw problem("shipyard.name", `must be "${app}", the app's folder name`);
  if (record.port === undefined) throw problem("shipyard.port", "must be the app's port");
  if (record.description === undefined)
    throw problem("shipyard.description", "must be the app's one-line description");
  return { ...record, name: record.name, port: record.port, description: record.description };
}

/** The apps whose package.json holds a record, or cannot be read as JSON (a sync names why). */
export function recordedApps(root: string): string[] {
  return appNames(root).filter((app) => {
    let text: string;
    try {
      text = readFileSync(path.join(root, appFiles(app).packageJson), "utf8");
    } catch {
      return false;
    }
    try {
      return (JSON.parse(text) as Record<string, unknown>)[RECORD_KEY] !== undefined;
    } catch {
      return true;
    }
  });
}
