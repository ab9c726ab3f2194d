import { readFileSync } from "node:fs";

/** The image the final stage starts from: what the app's own layers are measured against. */
export function runtimeBaseImage(dockerfilePath: string): string {
  const froms = [...readFileSync(dockerfilePath, "utf8").matchAll(/^FROM\s+(?:--\S+\s+)*(\S+)/gim)];
  const base = froms.at(-1)?.[1];
  if (!base) throw new Error(`${dockerfilePath} has no FROM line.`);
  if (base.includes("$")) {
    throw new Error(
      `${dockerfilePath}: the final FROM uses a build argument (${base}); name the image.`,
    );
  }
  return base;
}
