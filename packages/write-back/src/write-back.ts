import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { commitPrefixOfTag, parseImageReference } from "@repo/workspace/image-reference";
import { writeBackMessage } from "./commit-message.js";
import { commitOf, git, GitError, isAncestor } from "@repo/workspace/git";
import { findImageLine, replaceImage } from "@repo/workspace/image-line";
import { type BuiltImage, referenceProblem } from "./written-image.js";

export interface WriteBackRequest {
  /** A clone of the repository; its checkout is left alone (the work happens in a worktree). */
  repo: string;
  remote?: string;
  branch?: string;
  /** The full hash of the commit whose build pushed the images. */
  source: string;
  images: readonly BuiltImage[];
  /** How many times to fetch, write and push before giving up (another push may win each time). */
  attempts?: number;
  /** Waits before attempt n (from 2) so concurrent pushers spread out. */
  retryDelayMs?: (attempt: number) => number;
  /** Called just before each push; lets callers report progress. */
  beforePush?: (attempt: number) => Promise<void> | void;
}

export interface SkippedImage extends BuiltImage {
  reason: string;
}

export interface WriteBackResult {
  /** The write-back commit now on the branch, or undefined when nothing needed changing. */
  commit?: string | undefined;
  written: BuiltImage[];
  skipped: SkippedImage[];
  attempts: number;
}

const BOT_NAME = "github-actions[bot]";
const BOT_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com";

export function manifestPath(app: string): string {
  return `apps/${app}/kubernetes/deployment.yaml`;
}

/** The push lost a race with another one: fetching again and redoing the edit fixes it. */
function isRaceLost(error: unknown): boolean {
  return (
    error instanceof GitError &&
    /non-fast-forward|fetch first|stale info|cannot lock ref|failed to update ref/i.test(
      error.stderr,
    ) &&
    !/protected branch|pre-receive hook declined|permission|denied/i.test(error.stderr)
  );
}

async function identityArgs(cwd: string): Promise<string[]> {
  const name = await git(cwd, ["config", "user.name"]).catch(() => "");
  const email = await git(cwd, ["config", "user.email"]).catch(() => "");
  return [
    ...(name.trim() || process.env.GIT_COMMITTER_NAME ? [] : ["-c", `user.name=${BOT_NAME}`]),
    ...(email.trim() || process.env.GIT_COMMITTER_EMAIL ? [] : ["-c", `user.email=${BOT_EMAIL}`]),
  ];
}

/** Decides, in a checkout of the branch's tip, what each image changes, and edits the files. */
async function editManifests(
  worktree: string,
  source: string,
  images: readonly BuiltImage[],
): Promise<{ written: BuiltImage[]; skipped: SkippedImage[] }> {
  const written: BuiltImage[] = [];
  const skipped: SkippedImage[] = [];
  for (const image of images) {
    const relative = manifestPath(image.app);
    const file = path.join(worktree, relative);
    const text = await readFile(file, "utf8").catch(() => {
      throw new Error(
        `${relative} is missing on the branch: ${image.app} has no Deployment to record its image in.`,
      );
    });
    const { repository } = parseImageReference(image.reference);
    const line = findImageLine(text, repository, relative);
    if (line.image === image.reference) {
      skipped.push({ ...image, reason: `${relative} already names it` });
      continue;
    }
    // What the manifest runs now was built from the commit its sha tag names; a build of an
    // older commit that finishes late must not replace it.
    const prefix = commitPrefixOfTag(parseImageReference(line.image).tag);
    const current = prefix === undefined ? undefined : await commitOf(worktree, prefix);
    if (
      current !== undefined &&
      current !== source &&
      (await isAncestor(worktree, source, current))
    ) {
      skipped.push({
        ...image,
        reason: `${relative} names ${line.image}, built from ${current.slice(0, 7)}, which is newer than ${source.slice(0, 7)}`,
      });
      continue;
    }
    await writeFile(file, replaceImage(text, line, image.reference));
    written.push(image);
  }
  return { written, skipped };
}

/**
 * Records each built image in its app's Deployment on the branch, in one commit, and pushes
 * it; a push that loses a race fetches the new tip and redoes the edit there.
 */
export async function writeBack(request: WriteBackRequest): Promise<WriteBackResult> {
  const { repo, source, images } = request;
  const remote = request.remote ?? "origin";
  const branch = request.branch ?? "main";
  const attempts = request.attempts ?? 5;
  const retryDelayMs =
    request.retryDelayMs ?? ((attempt: number) => 1000 * attempt + Math.random() * 2000);
  if (images.length === 0) return { written: [], skipped: [], attempts: 0 };
  for (const image of images) {
    const problem = referenceProblem(image.reference, source);
    if (problem) throw new Error(`${image.app}: ${problem}.`);
  }
  const apps = images.map((image) => image.app);
  const repeated = apps.filter((app, index) => apps.indexOf(app) !== index);
  if (repeated.length > 0) throw new Error(`${repeated[0]} is given twice: give each app once.`);

  const tipRef = `refs/write-back/${randomUUID()}`;
  const worktree = await mkdtemp(path.join(tmpdir(), "write-back-"));
  let added = false;
  try {
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1) await sleep(retryDelayMs(attempt));
      await git(repo, ["fetch", "--quiet", remote, `+refs/heads/${branch}:${tipRef}`]);
      const tip = (await git(repo, ["rev-parse", tipRef])).trim();
      if ((await commitOf(repo, source)) !== source) {
        throw new Error(
          `commit ${source} is not in this clone: fetch the whole history (actions/checkout with fetch-depth: 0).`,
        );
      }
      if (!(await isAncestor(repo, source, tip))) {
        throw new Error(
          `commit ${source.slice(0, 7)} is not on ${branch}: only images built from ${branch} are written back.`,
        );
      }
      if (added) await git(worktree, ["checkout", "--quiet", "--force", "--detach", tip]);
      else {
        await git(repo, ["worktree", "add", "--quiet", "--detach", worktree, tip]);
        added = true;
      }
      const { written, skipped } = await editManifests(worktree, source, images);
      if (written.length === 0) return { written, skipped, attempts: attempt };
      await git(worktree, ["add", "--", ...written.map((image) => manifestPath(image.app))]);
      await git(worktree, [
        ...(await identityArgs(worktree)),
        "commit",
        "--quiet",
        "--no-verify",
        "--message",
        writeBackMessage(source, written),
      ]);
      const commit = (await git(worktree, ["rev-parse", "HEAD"])).trim();
      await request.beforePush?.(attempt);
      try {
        await git(worktree, ["push", "--quiet", remote, `HEAD:refs/heads/${branch}`]);
        return { commit, written, skipped, attempts: attempt };
      } catch (error) {
        if (!isRaceLost(error) || attempt >= attempts) throw error;
      }
    }
  } finally {
    if (added) await git(repo, ["worktree", "remove", "--force", worktree]).catch(() => undefined);
    await rm(worktree, { recursive: true, force: true });
    await git(repo, ["update-ref", "-d", tipRef]).catch(() => undefined);
  }
}
