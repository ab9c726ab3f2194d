// Reports what is wrong with an app's record (see @repo/workspace/app-record) as problems.
import { type AppRecord, parseAppRecord } from "@repo/workspace/app-record";
import type { Problem } from "./problem.js";
import type { App } from "./repository.js";

export const recordFile = (app: App) => `${app.dir}/package.json`;

/** The app's record (empty when it has none) and what is wrong with it. */
export function appRecord(app: App): { record: AppRecord; problems: Problem[] } {
  const { record, issues } = parseAppRecord(app.packageJson);
  return {
    record,
    problems: issues.map((issue) => ({
      file: recordFile(app),
      field: issue.field,
      message: `is not what an app record holds: ${issue.message}`,
      fix: 'write "shipyard": { "port": <1-65535>, "host": "<dns name>", … } as `pnpm gen service` does',
      rule: "app-record",
    })),
  };
}
