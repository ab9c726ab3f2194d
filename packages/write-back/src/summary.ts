import type { WriteBackResult } from "./write-back.js";

/** The job summary: the references written back and the commit that holds them. */
export function writeBackSummary(source: string, result: WriteBackResult): string {
  const lines = [
    result.commit
      ? `### Wrote back the images of ${source.slice(0, 7)} in ${result.commit.slice(0, 7)}`
      : `### Nothing to write back for ${source.slice(0, 7)}`,
    "",
  ];
  if (result.written.length > 0) {
    lines.push("| app | reference written back |", "| --- | --- |");
    for (const image of result.written) lines.push(`| ${image.app} | \`${image.reference}\` |`);
    lines.push("");
  }
  for (const image of result.skipped) lines.push(`- ${image.app} unchanged: ${image.reason}`);
  lines.push("", "Argo CD deploys the commit on its next sync; reverting it rolls back.", "");
  return lines.join("\n");
}
