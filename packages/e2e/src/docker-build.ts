// Builds an image the way the README says: from a context, with the Dockerfile named by -f.
import { docker } from "./docker-cli.js";

export interface BuildOptions {
  tag: string;
  /** Relative to the context, or absolute. */
  dockerfile: string;
  context: string;
  buildArgs?: Record<string, string>;
  /** DOCKER_NETWORK: where the build's RUN steps reach the package registry. */
  network?: string | undefined;
}

export async function buildImage(options: BuildOptions): Promise<string> {
  const args = ["build", "--progress=plain", "-f", options.dockerfile, "-t", options.tag];
  if (options.network) args.push("--network", options.network);
  for (const [name, value] of Object.entries(options.buildArgs ?? {})) {
    args.push("--build-arg", `${name}=${value}`);
  }
  args.push(".");
  await docker(args, { cwd: options.context, timeoutMs: 900_000 });
  return options.tag;
}

/** Uncompressed size in bytes, as `docker images` reports it. */
export async function imageSize(image: string): Promise<number> {
  return Number(await docker(["image", "inspect", "--format", "{{.Size}}", image]));
}

export function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

export async function imageLabels(image: string): Promise<Record<string, string>> {
  const labels = await docker(["image", "inspect", "--format", "{{json .Config.Labels}}", image]);
  return (JSON.parse(labels) ?? {}) as Record<string, string>;
}
