// The image line of an app's Deployment is data CI writes (`pnpm write-back`, `pnpm rollout`):
// a sync never conflicts on it. While the image repository stays the same, the reference on
// disk is kept; when deploy.config.yaml moves it, the render's placeholder replaces it until the
// next build on main writes the new reference back.
import { imageRepositoryOf } from "@repo/workspace/image-reference";
import { type ImageLine, findImageLine, replaceImage } from "@repo/workspace/image-line";

export interface ThreeTexts {
  ours: string;
  base: string;
  theirs: string;
}

function lineOf(text: string, repositories: string[], source: string): ImageLine | undefined {
  for (const repository of repositories) {
    try {
      return findImageLine(text, repository, source);
    } catch {
      // Not this repository (or not valid YAML): the merge treats the line as any other.
    }
  }
  return undefined;
}

/**
 * The three texts with the same image reference, so that the merge keeps the right one: ours'
 * when the repository is unchanged, else theirs'. Returns a note when the reference is replaced.
 */
export function alignImageLine(
  texts: ThreeTexts,
  repositories: { base: string; theirs: string },
  source: string,
): ThreeTexts & { note?: string } {
  const base = lineOf(texts.base, [repositories.base], source);
  const theirs = lineOf(texts.theirs, [repositories.theirs], source);
  const ours = lineOf(texts.ours, [repositories.base, repositories.theirs], source);
  if (!base || !theirs || !ours) return texts;
  // A reference already in the new repository (moved by hand or by CI) is kept too.
  if (imageRepositoryOf(ours.image) === repositories.theirs) {
    return {
      ours: texts.ours,
      base: replaceImage(texts.base, base, ours.image),
      theirs: replaceImage(texts.theirs, theirs, ours.image),
    };
  }
  return {
    ours: replaceImage(texts.ours, ours, theirs.image),
    base: replaceImage(texts.base, base, theirs.image),
    theirs: texts.theirs,
    note: `the image moved from ${repositories.base} to ${repositories.theirs}: ${theirs.image} names no build yet, and the next build on main writes the new reference back`,
  };
}
