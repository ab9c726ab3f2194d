import {
  commitPrefixOfTag,
  formatImageReference,
  isDigest,
  parseImageReference,
} from "@repo/workspace/image-reference";
import { shaTag } from "@repo/workspace/commit-tag";

/** An app and the image its source commit's build pushed. */
export interface BuiltImage {
  app: string;
  /** <repository>:sha-<7 hex>@sha256:<digest>, or without the digest when none is known. */
  reference: string;
}

/**
 * The immutable reference the write-back records for a build of `source`: the sha tag CI
 * pushed, pinned by the digest the push returned when there is one.
 */
export function builtReference(repository: string, source: string, digest?: string): string {
  if (digest !== undefined && !isDigest(digest)) {
    throw new Error(`"${digest}" is not an image digest: give sha256:<64 hex digits>.`);
  }
  return formatImageReference({ repository, tag: shaTag(source), digest });
}

/**
 * Checks that `reference` is what a build of `source` pushes (its sha tag), so the ancestry
 * of what the manifests say can be read from their tags.
 */
export function referenceProblem(reference: string, source: string): string | undefined {
  const { tag, digest } = parseImageReference(reference);
  if (digest !== undefined && !isDigest(digest)) {
    return `${reference}: the digest is not sha256:<64 hex digits>`;
  }
  const prefix = commitPrefixOfTag(tag);
  if (prefix === undefined || !source.startsWith(prefix)) {
    return `${reference}: the tag must be ${shaTag(source)}, the one CI pushes for ${source.slice(0, 7)}`;
  }
  return undefined;
}
