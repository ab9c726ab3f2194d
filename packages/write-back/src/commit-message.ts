import type { BuiltImage } from "./written-image.js";

/**
 * GitHub starts no workflow for a push whose head commit says [skip ci], whichever token pushed
 * it: the write-back commit never builds an image, so it never loops.
 */
export const SKIP_CI = "[skip ci]";

/** The trailer naming the commit whose build a write-back records. */
export const SOURCE_TRAILER = "Source-Commit";

/** One line naming the source commit and the apps, then each reference and the trailer. */
export function writeBackMessage(source: string, written: readonly BuiltImage[]): string {
  const apps = written.map((image) => image.app).join(", ");
  return [
    `Deploy ${source.slice(0, 7)} to ${apps} ${SKIP_CI}`,
    "",
    `The images built from ${source}:`,
    ...written.map((image) => `- ${image.app}: ${image.reference}`),
    "",
    `${SOURCE_TRAILER}: ${source}`,
    "",
  ].join("\n");
}
