import picomatch from "picomatch";
import { loadWorkflows } from "@repo/workflows/workflow-files";
import { commitOf, git, isAncestor } from "./git.js";

/** The image workflow's inputs for one app, as its caller workflow passes them. */
export interface AppBuild {
  app: string;
  dockerfile: string;
  image: string;
  registry: string;
  login: string;
}

const IMAGE_WORKFLOW = "./.github/workflows/image.yml";
const CALLER = /^\.github\/workflows\/app-([a-z0-9-]+)\.ya?ml$/;
/** The manifests are not part of any image, and the write-back edits them. */
const MANIFESTS = picomatch("apps/*/kubernetes/**", { dot: true });

interface Caller extends AppBuild {
  matches: (file: string) => boolean;
}

/** Each app's caller workflow: what its image job builds, and the paths its image is made of. */
async function callers(root: string): Promise<Caller[]> {
  const found: Caller[] = [];
  for (const { file, workflow } of await loadWorkflows(root)) {
    const app = CALLER.exec(file)?.[1];
    if (!app) continue;
    const job = Object.values(workflow.jobs ?? {}).find(
      (candidate) => candidate.uses === IMAGE_WORKFLOW,
    );
    const paths = workflow.on?.pull_request?.paths;
    if (!job?.with || !Array.isArray(paths)) {
      throw new Error(
        `${file} has no job using ${IMAGE_WORKFLOW} or no on.pull_request.paths: pnpm check:deploy names the fix.`,
      );
    }
    const input = (name: string) => String(job.with?.[name] ?? "");
    found.push({
      app,
      dockerfile: input("dockerfile"),
      image: input("image"),
      registry: input("registry"),
      login: input("login"),
      matches: picomatch(paths, { dot: true }),
    });
  }
  return found.sort((a, b) => a.app.localeCompare(b.app));
}

/**
 * The apps whose image a push from `before` to `after` changes: those whose caller workflow's
 * paths match a changed file. Every app when `before` is unknown (a new branch, a force push).
 */
export async function changedApps(
  root: string,
  before: string | undefined,
  after: string,
): Promise<AppBuild[]> {
  const all = await callers(root);
  const base = before && !/^0+$/.test(before) ? await commitOf(root, before) : undefined;
  const files =
    base && (await isAncestor(root, base, after))
      ? (await git(root, ["diff", "--name-only", "--no-renames", base, after]))
          .split("\n")
          .filter((file) => file && !MANIFESTS(file))
      : undefined;
  return all
    .filter((caller) => files === undefined || files.some((file) => caller.matches(file)))
    .map(({ matches: _, ...build }) => build);
}
