// The answers an app was generated with, recorded under "shipyard" in its package.json: the
// port it listens on and its Ingress host, among others. Where they are recorded, they are what
// the app's files must say, whatever deploy.config.yaml's defaults would give.
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { appFiles } from "./apps.js";

// Fields this reader does not know are kept out of `record` but never refused: the generator
// records more than the checks read.
const recordSchema = z.object({
  port: z.int().min(1).max(65535).optional(),
  host: z.string().min(1).optional(),
});

export type AppRecord = z.infer<typeof recordSchema>;

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
