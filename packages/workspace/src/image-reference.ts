/** An image reference split into its parts: <repository>[:<tag>][@<digest>]. */
export interface ImageReference {
  repository: string;
  tag?: string | undefined;
  digest?: string | undefined;
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;
const SHA_TAG = /^sha-([0-9a-f]{7,40})$/;

/** Splits an image reference; the repository keeps its registry host (and port). */
export function parseImageReference(image: string): ImageReference {
  const at = image.indexOf("@");
  const digest = at === -1 ? undefined : image.slice(at + 1);
  const named = at === -1 ? image : image.slice(0, at);
  const lastSlash = named.lastIndexOf("/");
  const colon = named.indexOf(":", lastSlash + 1);
  return colon === -1
    ? { repository: named, digest }
    : { repository: named.slice(0, colon), tag: named.slice(colon + 1), digest };
}

/** The repository part of an image reference: without its :tag and @digest. */
export function imageRepositoryOf(image: string): string {
  return parseImageReference(image).repository;
}

/** Writes a reference back as text: repository, then :tag, then @digest. */
export function formatImageReference({ repository, tag, digest }: ImageReference): string {
  return `${repository}${tag ? `:${tag}` : ""}${digest ? `@${digest}` : ""}`;
}

/** Whether `digest` is a sha256 content digest, the only kind registries hand out today. */
export function isDigest(digest: string): boolean {
  return DIGEST.test(digest);
}

/**
 * The commit-hash prefix a CI tag names (sha-<hex>, what the image workflow pushes), or
 * undefined for any other tag.
 */
export function commitPrefixOfTag(tag: string | undefined): string | undefined {
  return tag === undefined ? undefined : SHA_TAG.exec(tag)?.[1];
}

/**
 * Why a reference may name different contents tomorrow, or undefined when it cannot: a digest
 * pins the contents, and CI's sha-<commit> tags are pushed once per commit.
 */
export function mutableReferenceProblem(image: string): string | undefined {
  const { tag, digest } = parseImageReference(image);
  if (digest !== undefined) {
    return isDigest(digest) ? undefined : `its digest "${digest}" is not sha256:<64 hex digits>`;
  }
  if (tag === undefined) return "it names no tag, which means :latest";
  if (commitPrefixOfTag(tag) !== undefined) return undefined;
  return `its tag "${tag}" can name another image tomorrow`;
}
