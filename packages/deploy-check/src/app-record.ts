// The answers an app was generated with, recorded under "shipyard" in its package.json: the
// port it listens on and its Ingress host. Where they are recorded, they are what the
// manifests must say, whatever deploy.config.yaml's defaults would give.
import { z } from "zod";
import type { Problem } from "./problem.js";
import type { App } from "./repository.js";

const recordSchema = z.object({
  port: z.int().min(1).max(65535).optional(),
  host: z.string().min(1).optional(),
});

export type AppRecord = z.infer<typeof recordSchema>;

export const recordFile = (app: App) => `${app.dir}/package.json`;

/** The app's record (empty when it has none) and what is wrong with it. */
export function appRecord(app: App): { record: AppRecord; problems: Problem[] } {
  const raw = app.packageJson?.shipyard;
  if (raw === undefined) return { record: {}, problems: [] };
  const result = recordSchema.safeParse(raw);
  if (result.success) return { record: result.data, problems: [] };
  return {
    record: {},
    problems: result.error.issues.map((issue) => ({
      file: recordFile(app),
      field: ["shipyard", ...issue.path.map(String)].join("."),
      message: `is not what an app record holds: ${issue.message}`,
      fix: 'write "shipyard": { "port": <1-65535>, "host": "<dns name>", … } as `pnpm gen service` does',
      rule: "app-record",
    })),
  };
}
