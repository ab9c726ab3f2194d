import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";
import { appFiles } from "./apps.js";

/** The image workflow's inputs for one app, as its caller workflow passes them. */
export interface AppBuild {
  app: string;
  dockerfile: string;
  image: string;
  registry: string;
  login: string;
}

/** An app's caller workflow: what its image job builds and the paths its image is made of. */
export interface CallerWorkflow {
  build: AppBuild;
  /** GitHub path filters (globs from the repository root). */
  paths: string[];
}

export const IMAGE_WORKFLOW = "./.github/workflows/image.yml";

/** Reads .github/workflows/app-<app>.yml; a message names the file when it is not usable. */
export async function readCallerWorkflow(root: string, app: string): Promise<CallerWorkflow> {
  const file = appFiles(app).workflow;
  let workflow: {
    on?: { pull_request?: { paths?: unknown } };
    jobs?: Record<string, { uses?: unknown; with?: Record<string, unknown> }>;
  };
  try {
    workflow = parse(await readFile(path.join(root, file), "utf8")) as typeof workflow;
  } catch (error) {
    throw new Error(
      `${file} cannot be read (${(error as Error).message}): pnpm gen sync writes it.`,
    );
  }
  const job = Object.values(workflow?.jobs ?? {}).find(
    (candidate) => candidate?.uses === IMAGE_WORKFLOW,
  );
  const paths = workflow?.on?.pull_request?.paths;
  if (!job?.with || !Array.isArray(paths) || !paths.every((entry) => typeof entry === "string")) {
    throw new Error(
      `${file} has no job using ${IMAGE_WORKFLOW} or no on.pull_request.paths: pnpm check:deploy names the fix.`,
    );
  }
  const input = (name: string) => {
    const value = job.with?.[name];
    return typeof value === "string" ? value : "";
  };
  return {
    build: {
      app,
      dockerfile: input("dockerfile"),
      image: input("image"),
      registry: input("registry"),
      login: input("login"),
    },
    paths,
  };
}
